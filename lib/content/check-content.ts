import path from "node:path";
import { type Exercise, exerciseSlugs, loadExercise, loadVariants } from "../exercises/load-exercise";
import { problemsOf } from "./content-fault";
import type { ContentProblem } from "./content-problem";
import { contentRoot } from "./content-root";
import { findCourseProblems } from "./validate-course";

/**
 * Every problem of the course that can be found without Docker or the check catalogue: the course validation of
 * the content build, plus each exercise's spec, solution and variants loading. Unlike the content build it never
 * stops at the first broken exercise, so live authoring can list everything wrong at once.
 */
export async function checkContent(root = contentRoot()): Promise<ContentProblem[]> {
  const problems: ContentProblem[] = [];
  const exercises: Exercise[] = [];
  for (const slug of await exerciseSlugs(root)) {
    try {
      const exercise = await loadExercise(slug, root);
      exercises.push(exercise);
      await loadVariants(exercise);
    } catch (err) {
      problems.push(...problemsOf(err, path.join(root, "exercises", slug, "exercise.yaml")));
    }
  }
  const course = await findCourseProblems(exercises, root);
  return [...problems, ...course.problems];
}
