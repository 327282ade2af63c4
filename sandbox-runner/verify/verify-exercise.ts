import type { Exercise, ResultDocument, SubmittedFile } from "../shared";
import { loadSolution, loadVariants } from "../shared";
import { brokenStart, judgeBrokenStart } from "./broken-start";
import { judgeSolution, judgeVariant, type VariantVerdict } from "./compare-variant";

export interface ExerciseVerification {
  exercise: string;
  ok: boolean;
  entries: ({ name: string; seconds: number; note?: string } & VariantVerdict)[];
}

/**
 * Grades an exercise's solution and every variant for real and checks that
 * the solution passes everything and each variant fails exactly what its
 * expect.yaml names: the proof that the exercise teaches what it claims.
 */
export async function verifyExercise(
  exercise: Exercise,
  grade: (files: SubmittedFile[], label: string, graded: Exercise) => Promise<ResultDocument>,
): Promise<ExerciseVerification> {
  const entries: ExerciseVerification["entries"] = [];
  const timed = async (label: string, files: SubmittedFile[], graded = exercise) => {
    const started = performance.now();
    const result = await grade(files, label, graded);
    return { result, seconds: Math.round((performance.now() - started) / 100) / 10 };
  };
  const solutionFiles = await loadSolution(exercise);
  const solution = await timed("solution", solutionFiles);
  entries.push({ name: "solution", seconds: solution.seconds, ...judgeSolution(solution.result) });
  // Generated, not written: every exercise's grading must fail a start command that names a missing file.
  const broken = brokenStart(exercise, solutionFiles);
  const brokenGraded = await timed("generated/broken-start", broken.files, broken.exercise);
  entries.push({
    name: "generated/broken-start",
    seconds: brokenGraded.seconds,
    note: broken.change,
    ...judgeBrokenStart(brokenGraded.result),
  });
  for (const variant of await loadVariants(exercise)) {
    const graded = await timed(variant.name, variant.files);
    entries.push({
      name: `variants/${variant.name}`,
      seconds: graded.seconds,
      ...judgeVariant(graded.result, variant.expect),
    });
  }
  return { exercise: exercise.slug, ok: entries.every((e) => e.ok), entries };
}
