/**
 * `npm test`'s Docker and verify tiers (scripts/test.sh): every file of the vitest project, except a file that passed
 * on this machine under the same key, the hash of everything that can change its outcome
 * (test-support/docker-test-keys.ts). A commit that changes none of it (a page, a lesson, a doc) proves nothing new by
 * running the file again; any edit that could matter runs it. Files that pass now are remembered; a failure never
 * is. DOCKYARD_VERIFY_FRESH=1 runs every file. (The verify tier's files also remember each exercise and lab on its
 * own, so one edited exercise grades only itself again.)
 *
 * Usage: tsx test-support/remembered-tier.ts <docker|verify> <report.json> [filter...]: writes vitest's report there
 * and the remembered files beside it (<report>.remembered.json); with filters, only files whose path contains one.
 */
import { execFile, spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { z } from "zod";
import type { InputKey } from "../sandbox-runner/remembered/input-key";
import { REPO_ROOT } from "../sandbox-runner/remembered/input-key";
import { recallPass, rememberPass, whyRun } from "../sandbox-runner/remembered/pass-memo";
import { dockerTestKeys, dockerTestName } from "./docker-test-keys";

const run = promisify(execFile);
const PROJECTS = ["docker", "verify"];

const listSchema = z.array(z.object({ file: z.string(), projectName: z.string() }));
const reportSchema = z.object({
  testResults: z.array(
    z.object({
      name: z.string(),
      status: z.string(),
      startTime: z.number(),
      endTime: z.number(),
      assertionResults: z.array(z.object({ status: z.string() })),
    }),
  ),
});

const { project, reportFile, filters } = parseArguments(process.argv.slice(2));
const vitest = path.join(REPO_ROOT, "node_modules/.bin/vitest");

const files = await listFiles();
const keys = await dockerTestKeys(files);
const remembered: Array<{ file: string; passedAt: string; tests: number }> = [];
const toRun: Array<{ file: string; key: InputKey }> = [];
for (const [i, file] of files.entries()) {
  const key = keys[i]!;
  const record = await recallPass(dockerTestName(file), key);
  if (record)
    remembered.push({ file: path.relative(REPO_ROOT, file), passedAt: record.passedAt, tests: record.tests ?? 0 });
  else toRun.push({ file, key });
}
await writeFile(remembersFile(reportFile), `${JSON.stringify(remembered, null, 2)}\n`);
for (const r of remembered) {
  console.log(`remembered ${r.file}: passed on this machine at ${r.passedAt}, same key`);
}
for (const r of toRun) {
  console.log(`runs ${path.relative(REPO_ROOT, r.file)}: ${await whyRun(dockerTestName(r.file), r.key)}`);
}
console.log(`${toRun.length} of ${files.length} files run; ${remembered.length} passed before under the same key`);

let status = 0;
if (toRun.length === 0) {
  // Nothing to run: the tier's report says so in vitest's own shape, for the closing lines (scripts/test-summary.mjs).
  const empty = { success: true, numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0 };
  await writeFile(reportFile, `${JSON.stringify({ ...empty, testResults: [] })}\n`);
} else {
  status = await vitestRun(toRun.map((r) => r.file));
  // No report (vitest did not run to the end): nothing is remembered, and the summary names the tier as failed.
  const text = await readFile(reportFile, "utf8").catch(() => "{}");
  const report = reportSchema.safeParse(JSON.parse(text));
  for (const result of report.success ? report.data.testResults : []) {
    const ran = toRun.find((r) => r.file === result.name);
    const passed = result.assertionResults.filter((a) => a.status === "passed").length;
    const failed = result.assertionResults.some((a) => a.status === "failed");
    // A file whose every test was skipped (a GPU-only file on a machine without one) proved nothing to remember.
    if (!ran || result.status !== "passed" || failed || passed === 0) continue;
    await rememberPass(
      dockerTestName(ran.file),
      ran.key,
      (result.endTime - result.startTime) / 1000,
      undefined,
      passed,
    );
  }
}
process.exit(status);

async function listFiles(): Promise<string[]> {
  const out = path.join(path.dirname(reportFile), `${project}.list.json`);
  await run(vitest, ["list", "--project", project, "--filesOnly", `--json=${out}`], { cwd: REPO_ROOT });
  return listSchema
    .parse(JSON.parse(await readFile(out, "utf8")))
    .map((entry) => entry.file)
    .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
    .sort();
}

function vitestRun(list: string[]): Promise<number> {
  const args = ["run", "--project", project, "--reporter=default", "--reporter=json"];
  const child = spawn(vitest, [...args, `--outputFile.json=${reportFile}`, ...list], {
    cwd: REPO_ROOT,
    stdio: "inherit",
  });
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

function remembersFile(report: string): string {
  return report.replace(/\.json$/, ".remembered.json");
}

function parseArguments(args: string[]): { project: string; reportFile: string; filters: string[] } {
  const [project, reportFile, ...filters] = args;
  if (!project || !PROJECTS.includes(project) || !reportFile) {
    console.error(`usage: tsx test-support/remembered-tier.ts <${PROJECTS.join("|")}> <report.json> [filter...]`);
    process.exit(2);
  }
  return { project, reportFile, filters };
}
