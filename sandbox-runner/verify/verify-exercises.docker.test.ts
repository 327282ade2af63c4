import { describe, expect, it } from "vitest";
import { listExercises } from "../../lib/exercises/load-exercise";
import { gradeFiles } from "../cli/grade-command";
import { checkExerciseContent } from "./check-exercise-content";
import { verifyExercise } from "./verify-exercise";

/**
 * Every exercise of the course, graded for real: its solution passes every
 * check and each variant fails exactly the checks its expect.yaml names.
 */
const exercises = await listExercises();

describe.each(exercises.map((e) => [e.slug, e] as const))("exercise %s", (_slug, exercise) => {
  it("has consistent content: known check ids, a solution, variants that differ from it", async () => {
    expect(await checkExerciseContent(exercise)).toEqual([]);
  });

  it(
    "grades its solution as passing and each variant as failing exactly what it claims",
    async () => {
      const report = await verifyExercise(exercise, (files, _label, graded) =>
        gradeFiles(graded, files, { err: () => {}, scope: { tool: "verify-exercises" } }),
      );
      const problems = report.entries.flatMap((e) => e.problems.map((p) => `${e.name}: ${p}`));
      expect(problems).toEqual([]);
    },
    30 * 60_000,
  );
});
