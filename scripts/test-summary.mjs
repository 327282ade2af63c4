// The end of `npm test` (scripts/test.sh): where the time went, one row a phase; then the name of every failed test
// or check; then one closing "N passed, N failed" line over every tier that was asked for. A tier asked for whose
// report is missing (it crashed, or its build failed) counts as one failure, named.
import fs from "node:fs";
import path from "node:path";

const reports = process.env.REPORTS;
const tiers = (process.env.TIERS ?? "").split(" ").filter(Boolean);

const rows = fs.existsSync(path.join(reports, "phases.tsv"))
  ? fs
      .readFileSync(path.join(reports, "phases.tsv"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => line.split("\t"))
      .sort((a, b) => (a[0] === "total") - (b[0] === "total") || Number(a[1]) - Number(b[1]))
  : [];
const clock = (s) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
const width = Math.max(5, ...rows.map(([name]) => name.length));
console.log("");
console.log(`${"phase".padEnd(width)}  starts   takes  seconds  result`);
for (const [name, start, seconds, rc] of rows) {
  const s = Number(seconds);
  const at = name === "total" ? "" : clock(Number(start));
  const result = rc === "0" ? "ok" : "FAILED";
  console.log(`${name.padEnd(width)}  ${at.padStart(6)}  ${clock(s).padStart(6)}  ${String(s).padStart(7)}  ${result}`);
}
console.log("(starts: minutes into the run; phases side by side overlap: the checks; unit, pg and the web build)");
console.log("");

const names = [];
if (process.env.TYPECHECK_FAILED === "1") names.push("type check (tsc): see its output above");
if (process.env.LINT_FAILED === "1") names.push("lint (Biome) or unused code (knip): see its output above");
if (process.env.AUDIT_FAILED === "1") names.push("dependency audit (npm audit --omit=dev): see its output above");
let passed = 0;
let failed = names.length;
let skipped = 0;
let remembered = 0;
let rememberedFiles = 0;
for (const tier of tiers.filter((t) => t !== "checks")) {
  const file = path.join(reports, `${tier}.json`);
  if (!fs.existsSync(file)) {
    failed++;
    names.push(`${tier} tier: no report (it did not run to the end: see its output above)`);
    continue;
  }
  // Files that passed on this machine under the same key and did not run again (scripts/docker-tier.ts).
  const memo = path.join(reports, `${tier}.remembered.json`);
  if (fs.existsSync(memo)) {
    const files = JSON.parse(fs.readFileSync(memo, "utf8"));
    rememberedFiles += files.length;
    remembered += files.reduce((sum, f) => sum + f.tests, 0);
  }
  const report = JSON.parse(fs.readFileSync(file, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests + (report.success || report.numFailedTests ? 0 : 1);
  skipped += report.numPendingTests + report.numTodoTests;
  for (const result of report.testResults) {
    const where = path.relative(process.cwd(), result.name);
    const bad = result.assertionResults.filter((a) => a.status === "failed");
    // The failure's first lines go with its name: a CI log is often read only from its tail.
    for (const a of bad) names.push(`${where} > ${a.fullName}${firstLines(a.failureMessages)}`);
    if (!bad.length && result.status === "failed")
      names.push(`${where} (${(result.message || "failed").split("\n")[0]})`);
  }
}
for (const name of names) console.log(`FAILED ${name}`);

function firstLines(messages) {
  const lines = (messages ?? [])
    .join("\n")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes are what this strips
    .replace(/\u001b\[[0-9;]*m/g, "")
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== "")
    .slice(0, 3)
    .map((line) => `\n    ${line.slice(0, 200)}`);
  return lines.join("");
}
const memoNote = rememberedFiles
  ? `, ${remembered} remembered (${rememberedFiles} files passed on this machine under the same key)`
  : "";
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}${memoNote}`);
