import { CHECK_CATALOGUE } from "../pipeline/catalogue";
import { brokenStart } from "./broken-start";
import type { Exercise } from "./lib";
import { loadSolution, loadVariants } from "./lib";

/**
 * The static half of exercise validation (no Docker): the solution exists,
 * every variant's expect.yaml names checks the catalogue has, and each
 * variant differs from the solution. Returns the problems found.
 */
export async function checkExerciseContent(exercise: Exercise): Promise<string[]> {
  const problems: string[] = [];
  const known = new Set(CHECK_CATALOGUE.map((c) => c.id));
  const isKnown = (id: string) => known.has(id) || id.startsWith("correctness.endpoint-");
  for (const id of exercise.spec.checks.disable) {
    if (!isKnown(id)) problems.push(`${exercise.slug}: checks.disable names "${id}", which is not a check`);
  }
  const solution = await loadSolution(exercise).catch((err: Error) => {
    problems.push(`${exercise.slug}: ${err.message}`);
    return [];
  });
  const variants = await loadVariants(exercise).catch((err: Error) => {
    problems.push(`${exercise.slug}: ${err.message}`);
    return [];
  });
  if (solution.length > 0) {
    try {
      brokenStart(exercise, solution);
    } catch (err) {
      problems.push(`cannot generate the broken-start variant: ${(err as Error).message}`);
    }
  }
  for (const variant of variants) {
    for (const id of [...variant.expect.fails, ...variant.expect.warns]) {
      if (!isKnown(id))
        problems.push(`${exercise.slug}/variants/${variant.name}/expect.yaml names "${id}", which is not a check`);
    }
    if (variant.files.every((f) => solution.find((s) => s.path === f.path)?.content === f.content)) {
      problems.push(`${exercise.slug}/variants/${variant.name} is identical to the solution`);
    }
  }
  return problems;
}
