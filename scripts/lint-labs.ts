import path from "node:path";
import { labLintProblems } from "../lib/labs/lint-lab";
import { listLabs, loadLab } from "../lib/labs/load-lab";

/**
 * `npm run lint-labs [-- <slug>...]`: what lintLab asks of each lab's tasks (lib/labs/lint-lab.ts), without running
 * them: the words of each goal a check must stand for, the wrong attempts and spellings content CI replays. Exits 1
 * when any lab has a problem. `npm run verify-labs` runs the labs for real.
 */
const content = path.resolve(import.meta.dirname, "../content");
const slugs = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const labs = slugs.length ? await Promise.all(slugs.map((s) => loadLab(s, content))) : await listLabs(content);
let problems = 0;
for (const lab of labs) {
  const found = labLintProblems(lab.spec);
  problems += found.length;
  process.stdout.write(`${found.length ? "FAIL" : "ok  "} ${lab.slug} (${found.length} problems)\n`);
  for (const p of found) process.stdout.write(`  [${p.rule}] ${p.message}\n`);
}
process.exitCode = problems ? 1 : 0;
