import type { ContentProblem } from "./content-problem";
import { findInternalLinks } from "./find-internal-links";
import { readLessonSource } from "./lesson-source";
import type { Course } from "./load-course";

/** Pages that are not lessons, exercises or labs but may be linked from a lesson. */
const OTHER_PAGES = new Set(["/", "/search", "/sign-in", "/sign-up"]);

/** One problem, at its line, per internal link of a lesson to no lesson, exercise or lab that exists. */
export async function validateLinks(
  course: Course,
  exerciseSlugs: string[],
  labSlugs: string[] = [],
): Promise<ContentProblem[]> {
  const lessons = new Set(course.lessons.map((l) => l.slug));
  const exercises = new Set(exerciseSlugs);
  const labs = new Set(labSlugs);
  const problems: ContentProblem[] = [];
  for (const lesson of course.lessons) {
    const { body, bodyLine } = await readLessonSource(lesson.file);
    for (const link of findInternalLinks(body, bodyLine)) {
      const problem = checkTarget(link.target, lessons, exercises, labs);
      if (problem) problems.push({ file: lesson.file, line: link.line, message: problem });
    }
  }
  return problems;
}

export function checkTarget(
  target: string,
  lessons: Set<string>,
  exercises: Set<string>,
  labs: Set<string> = new Set(),
): string | undefined {
  const pathname = target.split(/[?#]/)[0]!.replace(/\/$/, "") || "/";
  const lesson = /^\/lessons\/([^/]+)$/.exec(pathname);
  if (lesson) return lessons.has(lesson[1]!) ? undefined : `links to the lesson "${lesson[1]}", which does not exist`;
  const exercise = /^\/exercises\/([^/]+)$/.exec(pathname);
  if (exercise)
    return exercises.has(exercise[1]!) ? undefined : `links to the exercise "${exercise[1]}", which does not exist`;
  const lab = /^\/labs\/([^/]+)$/.exec(pathname);
  if (lab) return labs.has(lab[1]!) ? undefined : `links to the lab "${lab[1]}", which does not exist`;
  return OTHER_PAGES.has(pathname) ? undefined : `links to "${target}", which is not a page of the site`;
}
