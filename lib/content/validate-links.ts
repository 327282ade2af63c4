import { readFile } from "node:fs/promises";
import path from "node:path";
import matter from "gray-matter";
import { findInternalLinks } from "./find-internal-links";
import type { Course } from "./load-course";

/** Pages that are not lessons or exercises but may be linked from a lesson. */
const OTHER_PAGES = new Set(["/", "/search", "/sign-in", "/sign-up"]);

/**
 * Checks that every internal link in every lesson resolves to a lesson or
 * exercise that exists. Returns one "file:line: problem" entry per broken link.
 */
export async function validateLinks(course: Course, exerciseSlugs: string[]): Promise<string[]> {
  const lessons = new Set(course.lessons.map((l) => l.slug));
  const exercises = new Set(exerciseSlugs);
  const problems: string[] = [];
  for (const lesson of course.lessons) {
    const source = await readFile(lesson.file, "utf8");
    const { content } = matter(source);
    const bodyStart = source.slice(0, source.length - content.length).split("\n").length;
    for (const link of findInternalLinks(content, bodyStart)) {
      const problem = checkTarget(link.target, lessons, exercises);
      if (problem) problems.push(`${path.relative(process.cwd(), lesson.file)}:${link.line}: ${problem}`);
    }
  }
  return problems;
}

export function checkTarget(target: string, lessons: Set<string>, exercises: Set<string>): string | undefined {
  const pathname = target.split(/[?#]/)[0]!.replace(/\/$/, "") || "/";
  const lesson = /^\/lessons\/([^/]+)$/.exec(pathname);
  if (lesson) return lessons.has(lesson[1]!) ? undefined : `links to the lesson "${lesson[1]}", which does not exist`;
  const exercise = /^\/exercises\/([^/]+)$/.exec(pathname);
  if (exercise)
    return exercises.has(exercise[1]!) ? undefined : `links to the exercise "${exercise[1]}", which does not exist`;
  return OTHER_PAGES.has(pathname) ? undefined : `links to "${target}", which is not a page of the site`;
}
