import type { Exercise, ResultDocument, SubmittedFile } from "../shared";
import { loadSolution, loadVariants } from "../shared";
import { judgeSolution, judgeVariant, type VariantVerdict } from "./compare-variant";

export interface ExerciseVerification {
  exercise: string;
  ok: boolean;
  entries: ({ name: string; seconds: number } & VariantVerdict)[];
}

/**
 * Grades an exercise's solution and every variant for real and checks that
 * the solution passes everything and each variant fails exactly what its
 * expect.yaml names: the proof that the exercise teaches what it claims.
 */
export async function verifyExercise(
  exercise: Exercise,
  grade: (files: SubmittedFile[], label: string) => Promise<ResultDocument>,
): Promise<ExerciseVerification> {
  const entries: ExerciseVerification["entries"] = [];
  const timed = async (label: string, files: SubmittedFile[]) => {
    const started = performance.now();
    const result = await grade(files, label);
    return { result, seconds: Math.round((performance.now() - started) / 100) / 10 };
  };
  const solution = await timed("solution", await loadSolution(exercise));
  entries.push({ name: "solution", seconds: solution.seconds, ...judgeSolution(solution.result) });
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
