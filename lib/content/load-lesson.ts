import { RequestError } from "../errors/request-error";
import { compileMdx } from "./compile-mdx";
import { allOrContentFault } from "./content-fault";
import { readLessonSource } from "./lesson-source";
import { type Course, type LessonEntry, loadCourse } from "./load-course";
import { parseYamlFile } from "./parse-yaml-file";
import { type Quiz, quizSchema } from "./schemas";

export async function findLesson(course: Course, slug: string): Promise<LessonEntry> {
  const entry = course.lessons.find((l) => l.slug === slug);
  if (!entry) throw new RequestError("NOT_FOUND", `There is no lesson called "${slug}".`);
  return entry;
}

export async function loadLesson(slug: string, root?: string) {
  const course = await loadCourse(root);
  const entry = await findLesson(course, slug);
  const index = course.lessons.indexOf(entry);
  const { body, bodyLine } = await readLessonSource(entry.file);
  // Both are checked even when one fails, so an author sees the lesson's and the quiz's problems together.
  const [code, quiz] = await allOrContentFault([
    compileMdx(body, entry.file, bodyLine),
    entry.quizFile ? parseYamlFile(entry.quizFile, quizSchema) : Promise.resolve(undefined),
  ]);
  return { entry, code, quiz, previous: course.lessons[index - 1], next: course.lessons[index + 1] };
}

/** The quiz of a lesson, answer key included: server-side grading only. */
export async function loadQuizForLesson(lessonSlug: string): Promise<{ entry: LessonEntry; quiz: Quiz }> {
  const course = await loadCourse();
  const entry = await findLesson(course, lessonSlug);
  if (!entry.quizFile) throw new RequestError("NOT_FOUND", `The lesson "${lessonSlug}" has no quiz.`);
  return { entry, quiz: await parseYamlFile(entry.quizFile, quizSchema) };
}

/** Every lesson's quiz, answer key included, in course order: one reading of the outline for all of them. */
export async function loadLessonQuizzes(): Promise<{ entry: LessonEntry; quiz: Quiz }[]> {
  const course = await loadCourse();
  return Promise.all(
    course.lessons.flatMap((entry) =>
      entry.quizFile ? [parseYamlFile(entry.quizFile, quizSchema).then((quiz) => ({ entry, quiz }))] : [],
    ),
  );
}
