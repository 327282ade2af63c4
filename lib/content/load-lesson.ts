import { readFile } from "node:fs/promises";
import matter from "gray-matter";
import { RequestError } from "../errors/request-error";
import { compileMdx } from "./compile-mdx";
import { type Course, type LessonEntry, loadCourse } from "./load-course";
import { parseYamlFile } from "./parse-yaml-file";
import { type Quiz, quizSchema } from "./schemas";

export interface LoadedLesson {
  entry: LessonEntry;
  code: string;
  quiz?: Quiz;
  previous?: LessonEntry;
  next?: LessonEntry;
}

export async function findLesson(course: Course, slug: string): Promise<LessonEntry> {
  const entry = course.lessons.find((l) => l.slug === slug);
  if (!entry) throw new RequestError("NOT_FOUND", `There is no lesson called "${slug}".`);
  return entry;
}

export async function loadLesson(slug: string, root?: string): Promise<LoadedLesson> {
  const course = await loadCourse(root);
  const entry = await findLesson(course, slug);
  const index = course.lessons.indexOf(entry);
  const { content } = matter(await readFile(entry.file, "utf8"));
  const code = await compileMdx(content, entry.file);
  const quiz = entry.quizFile ? await parseYamlFile(entry.quizFile, quizSchema) : undefined;
  return { entry, code, quiz, previous: course.lessons[index - 1], next: course.lessons[index + 1] };
}

/** The quiz of a lesson, answer key included: server-side grading only. */
export async function loadQuizForLesson(lessonSlug: string): Promise<{ entry: LessonEntry; quiz: Quiz }> {
  const course = await loadCourse();
  const entry = await findLesson(course, lessonSlug);
  if (!entry.quizFile) throw new RequestError("NOT_FOUND", `The lesson "${lessonSlug}" has no quiz.`);
  return { entry, quiz: await parseYamlFile(entry.quizFile, quizSchema) };
}
