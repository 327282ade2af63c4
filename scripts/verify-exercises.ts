import { listExercises, loadExercise } from "../lib/exercises/load-exercise";
import { gradeFiles } from "../sandbox-runner/cli/grade-command";
import { verifyExercise } from "../sandbox-runner/verify/verify-exercise";

/**
 * `npm run verify-exercises [-- <slug>...]`: grades every exercise's solution
 * and variants in the real engine and checks each does what it claims.
 */
const slugs = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const exercises = slugs.length ? await Promise.all(slugs.map((s) => loadExercise(s))) : await listExercises();
let ok = true;
for (const exercise of exercises) {
  const report = await verifyExercise(exercise, (files, label, graded) => {
    process.stdout.write(`[verify] ${exercise.slug}/${label} …\n`);
    return gradeFiles(graded, files, { err: () => {}, scope: { tool: "verify-exercises" } });
  });
  for (const entry of report.entries) {
    process.stdout.write(
      `${entry.ok ? "ok  " : "FAIL"} ${exercise.slug}/${entry.name} (${entry.seconds} ` +
        `s) fails: ${entry.failed.join(", ") || "nothing"}${entry.note ? ` [${entry.note}]` : ""}\n`,
    );
    for (const problem of entry.problems) process.stdout.write(`       ${problem}\n`);
  }
  ok &&= report.ok;
}
process.exitCode = ok ? 0 : 1;
