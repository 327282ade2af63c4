import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { listExercises } from "../../lib/exercises/load-exercise";
import { checkExerciseContent } from "./check-exercise-content";
import { verifyExerciseRemembered } from "./verify-remembered";

/**
 * Every exercise of the course, graded for real: its solution passes every check and each variant fails exactly
 * the checks its expect.yaml names. One that passed before on this machine under the same key (the exercise's
 * folder, every file of the grader this module imports, the engine, the base images: verification-key.ts) is not
 * graded again; DOCKYARD_VERIFY_FRESH=1 grades every one. Exercises that run, run one after another, each grading
 * two of its gradings at once (verify-exercise.ts says why two and not more).
 */
const exercises = await listExercises();
const ENTRY = fileURLToPath(import.meta.url);

describe.each(exercises.map((e) => [e.slug, e] as const))("exercise %s", (_slug, exercise) => {
  it("has consistent content: known check ids, a solution, variants that differ from it", async () => {
    expect(await checkExerciseContent(exercise)).toEqual([]);
  });
});

describe("every exercise, graded", () => {
  it.each(exercises.map((e) => [e.slug, e] as const))(
    "%s: grades its solution as passing and each variant as failing exactly what it claims",
    async (slug, exercise) => {
      const verdict = await verifyExerciseRemembered(exercise, {
        entry: ENTRY,
        onRun: (why) => console.info(`${slug}: graded (${why})`),
      });
      if (!verdict.ran) {
        console.info(
          `${slug}: passed on this machine at ${verdict.record.passedAt} under the same key; not graded again`,
        );
        return;
      }
      const problems = verdict.report.entries.flatMap((e) => e.problems.map((p) => `${e.name}: ${p}`));
      expect(problems).toEqual([]);
      expect(verdict.ok).toBe(true);
    },
    30 * 60_000,
  );
});
