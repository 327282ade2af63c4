import path from "node:path";
import { problemsOf } from "../content/content-fault";
import type { ContentProblem } from "../content/content-problem";
import { contentRoot } from "../content/content-root";
import { type Exercise, exerciseSlugs, loadExercise, loadVariants } from "../exercises/load-exercise";
import { type Lab, labSlugs, loadLab } from "../labs/load-lab";
import { findCourseProblems } from "./validate-course";

/**
 * Every problem of the course that can be found without Docker or the check catalogue: the course validation of the
 * content build, plus each exercise's spec, solution and variants loading, and each lab's spec. Unlike the content
 * build it never stops at the first broken exercise or lab, so live authoring can list everything wrong at once.
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
  const labs: Lab[] = [];
  for (const slug of await labSlugs(root)) {
    try {
      labs.push(await loadLab(slug, root));
    } catch (err) {
      problems.push(...problemsOf(err, path.join(root, "labs", slug, "lab.yaml")));
    }
  }
  const course = await findCourseProblems(exercises, root, labs);
  return [...problems, ...course.problems];
}
