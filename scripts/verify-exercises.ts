import { fileURLToPath } from "node:url";
import { listExercises, loadExercise } from "../lib/exercises/load-exercise";
import { verifyExerciseRemembered } from "../sandbox-runner/verify/verify-remembered";

/**
 * `npm run verify-exercises [-- <slug>...] [--fresh]`: grades every exercise's solution and variants in the real
 * engine and checks each does what it claims. An exercise that passed on this machine under the same key (its
 * folder, the grader's code, the engine, the base images) says so instead of grading again; --fresh grades it.
 */
const args = process.argv.slice(2);
if (args.includes("--fresh")) process.env.DOCKYARD_VERIFY_FRESH = "1";
const slugs = args.filter((a) => !a.startsWith("--"));
const exercises = slugs.length ? await Promise.all(slugs.map((s) => loadExercise(s))) : await listExercises();
const entry = fileURLToPath(import.meta.url);
let ok = true;
for (const exercise of exercises) {
  const verdict = await verifyExerciseRemembered(exercise, { entry, log: (line) => process.stdout.write(`${line}\n`) });
  if (!verdict.ran) {
    process.stdout.write(
      `ok   ${exercise.slug} (passed at ${verdict.record.passedAt} under key ${verdict.record.key})\n`,
    );
    continue;
  }
  for (const graded of verdict.report.entries) {
    process.stdout.write(
      `${graded.ok ? "ok  " : "FAIL"} ${exercise.slug}/${graded.name} (${graded.seconds} ` +
        `s) fails: ${graded.failed.join(", ") || "nothing"}${graded.note ? ` [${graded.note}]` : ""}\n`,
    );
    for (const problem of graded.problems) process.stdout.write(`       ${problem}\n`);
  }
  ok &&= verdict.ok;
}
process.exitCode = ok ? 0 : 1;
