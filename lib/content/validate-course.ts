import { readFile } from "node:fs/promises";
import path from "node:path";
import matter from "gray-matter";
import { PlatformFault } from "../errors/platform-fault";
import type { Exercise } from "../exercises/load-exercise";
import { LESSONS } from "../grading/checks/lessons";
import { LESSON_COMPONENT_NAMES } from "./lesson-component-names";
import { type Course, loadCourse } from "./load-course";
import { loadLesson } from "./load-lesson";
import { validateLinks } from "./validate-links";

export interface CourseReport {
  course?: Course;
  problems: string[];
}

/**
 * Everything about the course that can be checked without Docker: outline and
 * frontmatter, every lesson compiling, every lesson ending with a quiz whose
 * answer key is valid, components and internal links resolving, and the
 * lessons the grader and the exercises point to existing.
 */
export async function validateCourse(exercises: Exercise[], root?: string): Promise<CourseReport> {
  let course: Course;
  try {
    course = await loadCourse(root);
  } catch (err) {
    return { problems: [err instanceof PlatformFault ? err.message : String(err)] };
  }
  const problems: string[] = [];
  const rel = (file: string) => path.relative(process.cwd(), file);

  const seen = new Map<string, string>();
  for (const lesson of course.lessons) {
    const other = seen.get(lesson.slug);
    if (other)
      problems.push(
        `${rel(lesson.file)}: the lesson slug "${lesson.slug}" is already used by ${other}; ` +
          `slugs are URLs and must be unique`,
      );
    seen.set(lesson.slug, rel(lesson.file));
  }
  for (const module of course.modules) {
    if (module.lessons.length === 0) problems.push(`module "${module.slug}" has no lessons`);
  }

  for (const lesson of course.lessons) {
    const loaded = await loadLesson(lesson.slug, root).catch((err: unknown) => {
      problems.push(err instanceof PlatformFault ? err.message : `${rel(lesson.file)}: ${String(err)}`);
      return undefined;
    });
    if (!loaded) continue;
    const { content } = matter(await readFile(lesson.file, "utf8"));
    if (!loaded.quiz)
      problems.push(`${rel(lesson.file)}: every lesson ends with a quiz, but there is no quiz.yaml beside it`);
    else if (!/<Quiz\s*\/>\s*$/.test(stripFences(content).trimEnd()))
      problems.push(`${rel(lesson.file)}: the lesson has a quiz.yaml, so it must end with <Quiz />`);
    for (const name of unknownComponents(content)) {
      problems.push(
        `${rel(lesson.file)}: uses <${name}>, which is not a lesson component ` +
          `(available: ${LESSON_COMPONENT_NAMES.join(", ")})`,
      );
    }
  }

  problems.push(
    ...(await validateLinks(
      course,
      exercises.map((e) => e.slug),
    )),
  );

  const slugs = new Set(course.lessons.map((l) => l.slug));
  for (const slug of new Set(Object.values(LESSONS))) {
    if (!slugs.has(slug))
      problems.push(
        `the grader's checks link to the lesson "${slug}", which does not exist (lib/grading/checks/lessons.ts)`,
      );
  }
  for (const exercise of exercises) {
    if (exercise.spec.lesson && !slugs.has(exercise.spec.lesson)) {
      problems.push(
        `content/exercises/${exercise.slug}/exercise.yaml: lesson "${exercise.spec.lesson}" does not exist`,
      );
    }
  }
  return { course, problems };
}

function stripFences(body: string): string {
  return body.replace(/^\s*(```|~~~)[\s\S]*?^\s*\1\s*$/gm, "");
}

function unknownComponents(body: string): string[] {
  const known = new Set<string>(LESSON_COMPONENT_NAMES);
  const used = [
    ...stripFences(body)
      .replace(/`[^`\n]*`/g, "")
      .matchAll(/<([A-Z][A-Za-z0-9]*)\b/g),
  ].map((m) => m[1]!);
  return [...new Set(used)].filter((name) => !known.has(name));
}
