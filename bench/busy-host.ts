/**
 * Verdicts on a busy host: every exercise's reference solution graded with the machine idle, then again beside a
 * CPU hog (HOGS_PER_CORE busy loops per core at the runner's own priority) and an I/O hog (synced writes). The
 * verdict and every check's status must be the same (issue 33: a HEALTHCHECK starved past its timeout failed a
 * correct solution). Prints one line per exercise and the checks whose status differed.
 *
 *   node --import tsx bench/busy-host.ts [exercises=all] [hogs per core=4]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import os from "node:os";
import { loadExercise, loadSolution } from "../lib/exercises/load-exercise";
import type { ResultDocument } from "../lib/grading/result-schema";
import { gradeFiles } from "../sandbox-runner/cli/grade-command";

const slugs =
  process.argv[2] && process.argv[2] !== "all" ? process.argv[2].split(",") : readdirSync("content/exercises").sort();
const perCore = Number(process.argv[3] ?? 4);

function startHogs(): ChildProcess[] {
  const hogs = Array.from({ length: os.availableParallelism() * perCore }, () =>
    spawn("sh", ["-c", "while :; do :; done"], { stdio: "ignore" }),
  );
  const file = `${os.tmpdir()}/dockyard-bench-busy-${process.pid}`;
  const io = `while :; do dd if=/dev/zero of=${file} bs=1M count=64 conv=fsync 2>/dev/null; rm -f ${file}; done`;
  return [...hogs, spawn("sh", ["-c", io], { stdio: "ignore" })];
}

async function grade(slug: string): Promise<{ result: ResultDocument; seconds: number }> {
  const exercise = await loadExercise(slug);
  const started = performance.now();
  const result = await gradeFiles(exercise, await loadSolution(exercise), {
    err: () => {},
    scope: { tool: "verify-exercises" },
  });
  return { result, seconds: Math.round((performance.now() - started) / 1000) };
}

const statuses = (r: ResultDocument) => new Map(r.checks.map((c) => [c.id, c.status]));
let differences = 0;
for (const slug of slugs) {
  const idle = await grade(slug);
  const hogs = startHogs();
  let busy: Awaited<ReturnType<typeof grade>>;
  try {
    busy = await grade(slug);
  } finally {
    for (const hog of hogs) hog.kill("SIGKILL");
  }
  const before = statuses(idle.result);
  const changed = [...statuses(busy.result)].filter(([id, status]) => before.get(id) !== status);
  differences += changed.length + (idle.result.status === busy.result.status ? 0 : 1);
  console.log(
    `${slug}: idle ${idle.result.status} in ${idle.seconds} s, busy ${busy.result.status} in ${busy.seconds} s` +
      (changed.length ? `; differs: ${changed.map(([id, s]) => `${id} ${before.get(id)} → ${s}`).join(", ")}` : ""),
  );
}
console.log(differences === 0 ? "same verdicts idle and busy" : `${differences} difference(s)`);
process.exit(differences === 0 ? 0 : 1);
