import { brokenStart, judgeBrokenStart } from "./broken-start";
import { judgeSolution, judgeVariant, type VariantVerdict } from "./compare-variant";
import type { Exercise, ResultDocument, SubmittedFile } from "./lib";
import { loadSolution, loadVariants, PlatformFault } from "./lib";

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
  const timed = async (label: string, files: SubmittedFile[], graded = exercise) => {
    const started = performance.now();
    // A platform error (a grading machine too busy to judge, say) costs a learner nothing, and they submit again:
    // content CI does the same, once. A second one fails the verification.
    const result = await grade(files, label, graded).catch((err: unknown) => {
      if (!(err instanceof PlatformFault)) throw err;
      return grade(files, `${label} (again, after a platform error: ${err.message})`, graded);
    });
    return { result, seconds: Math.round((performance.now() - started) / 100) / 10 };
  };
  const solutionFiles = await loadSolution(exercise);
  // Generated, not written: every exercise's grading must fail a start command that names a missing file.
  const broken = brokenStart(exercise, solutionFiles);
  const gradings: (() => Promise<ExerciseVerification["entries"][number]>)[] = [
    async () => {
      const solution = await timed("solution", solutionFiles);
      return { name: "solution", seconds: solution.seconds, ...judgeSolution(solution.result) };
    },
    async () => {
      const graded = await timed("generated/broken-start", broken.files, broken.exercise);
      return {
        name: "generated/broken-start",
        seconds: graded.seconds,
        note: broken.change,
        ...judgeBrokenStart(graded.result),
      };
    },
    ...(await loadVariants(exercise)).map((variant) => async () => {
      const graded = await timed(variant.name, variant.files);
      return {
        name: `variants/${variant.name}`,
        seconds: graded.seconds,
        ...judgeVariant(graded.result, variant.expect),
      };
    }),
  ];
  const entries = await inTurn(gradings, GRADINGS_AT_ONCE);
  return { exercise: exercise.slug, ok: entries.every((e) => e.ok), entries };
}

/**
 * Gradings of one exercise verified at once. One at a time kept a two-core machine's load near 1 (a stack's services
 * starting, a health check's interval, a container stopping are waits). Two at once kept the two cores 93% busy for
 * model-server (its builds are CPU) and 58% for compose-stack: a third would only queue builds, and slow the health
 * checks a verdict reads. Each grading is its own submission to the engine, with its own names and limits, as a
 * runner grading several learners at once.
 */
const GRADINGS_AT_ONCE = 2;

/** Runs `work` with at most `atOnce` running, the results in the order given. */
async function inTurn<T>(work: readonly (() => Promise<T>)[], atOnce: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < work.length; i = next++) results[i] = await work[i]!();
  };
  await Promise.all(Array.from({ length: Math.min(atOnce, work.length) }, worker));
  return results;
}
