import path from "node:path";
import { problemsOf, relativeTo } from "../content/content-fault";
import { type ContentProblem, formatProblem } from "../content/content-problem";
import { anchorSequence } from "../content/heading-anchor";
import { LESSON_COMPONENT_NAMES } from "../content/lesson-component-names";
import { LESSONS } from "../content/lesson-slugs";
import { readLessonSource } from "../content/lesson-source";
import { type Course, type LessonEntry, readCourse } from "../content/load-course";
import { loadLesson } from "../content/load-lesson";
import { PLAYGROUND_SLUG } from "../content/playground-command";
import { validateLinks } from "../content/validate-links";
import { locateInYamlFile } from "../content/yaml-locations";
import type { Exercise } from "../exercises/load-exercise";
import { isPlayground, LAB_IMAGES } from "../labs/lab-schema";
import type { Lab } from "../labs/load-lab";

// Named relative to the project: it is code, not content, but it is where the broken link is written.
const GRADER_LESSONS = "lib/content/lesson-slugs.ts";

/**
 * The content build's validation, each problem formatted for a terminal: `file:line:column: message`, paths relative
 * to the working directory.
 */
export async function validateCourse(exercises: Exercise[], root?: string, labs: Lab[] = []) {
  const { course, problems } = await findCourseProblems(exercises, root, labs);
  return { course, problems: problems.map((p) => formatProblem(relativeTo(process.cwd(), p))) };
}

/**
 * Everything about the course that can be checked without Docker: outline and frontmatter, every lesson compiling,
 * every lesson ending with a quiz whose answer key is valid, components and internal links resolving, and the lessons
 * the grader, the exercises and the labs point to existing.
 */
export async function findCourseProblems(
  exercises: Exercise[],
  root?: string,
  labs: Lab[] = [],
): Promise<{ course?: Course; problems: ContentProblem[] }> {
  let course: Course;
  try {
    course = await readCourse(root);
  } catch (err) {
    return { problems: problemsOf(err) };
  }
  const problems: ContentProblem[] = [];

  const seen = new Map<string, string>();
  for (const lesson of course.lessons) {
    const other = seen.get(lesson.slug);
    if (other)
      problems.push({
        file: lesson.file,
        message:
          `the lesson slug "${lesson.slug}" is already used by ${path.relative(process.cwd(), other)}; ` +
          `slugs are URLs and must be unique`,
      });
    seen.set(lesson.slug, lesson.file);
  }
  for (const module of course.modules) {
    if (module.lessons.length === 0) problems.push({ message: `module "${module.slug}" has no lessons` });
  }

  for (const { slug, file } of course.lessons) {
    const loaded = await loadLesson(slug, root).catch((err: unknown) => {
      problems.push(...problemsOf(err, file));
      return undefined;
    });
    // The body is read again (a lesson that does not compile still has components and a last line worth checking).
    const { body, bodyLine } = await readLessonSource(file);
    for (const { name, line } of unknownComponents(body, bodyLine)) {
      problems.push({
        file,
        line,
        message: `uses <${name}>, which is not a lesson component (available: ${LESSON_COMPONENT_NAMES.join(", ")})`,
      });
    }
    if (!loaded) continue;
    const lastLine = bodyLine + body.trimEnd().split("\n").length - 1;
    if (!loaded.quiz)
      problems.push({ file, message: "every lesson ends with a quiz, but there is no quiz.yaml beside it" });
    else if (!/<Quiz\s*\/>\s*$/.test(stripFences(body).trimEnd()))
      problems.push({ file, line: lastLine, message: "the lesson has a quiz.yaml, so it must end with <Quiz />" });
  }

  const exerciseSlugs = exercises.map((e) => e.slug);
  problems.push(
    ...(await validateLinks(
      course,
      exerciseSlugs,
      labs.map((l) => l.slug),
    )),
  );

  const slugs = new Set(course.lessons.map((l) => l.slug));
  for (const slug of new Set(Object.values(LESSONS))) {
    if (!slugs.has(slug))
      problems.push({
        file: GRADER_LESSONS,
        message: `the grader's checks link to the lesson "${slug}", which does not exist`,
      });
  }
  for (const exercise of exercises) {
    const file = path.join(exercise.dir, "exercise.yaml");
    // A grade must be true: an image that builds but does not do what the exercise asks must fail, so every
    // exercise of the course starts the image it grades. (The runner's own test exercises may leave it out.)
    if (!exercise.spec.checks.run) {
      const message =
        "every exercise runs the image it grades: add checks.run (kind: service with a port, or kind: job)";
      problems.push(await yamlProblem(file, ["checks"], message));
    }
    if (exercise.spec.lesson && !slugs.has(exercise.spec.lesson))
      problems.push(await yamlProblem(file, ["lesson"], `lesson "${exercise.spec.lesson}" does not exist`));
  }
  for (const lab of labs) problems.push(...(await labProblems(lab, course)));
  return { course, problems };
}

/**
 * What can be known of a lab without starting one: the lessons (and headings) it links to exist, every seeded image
 * its commands or files name is one the lab starts with, since a lab can pull nothing, and the playground is where
 * lessons link to it.
 */
async function labProblems(lab: Lab, course: Course): Promise<ContentProblem[]> {
  const file = path.join(lab.dir, "lab.yaml");
  const problems: ContentProblem[] = [];
  const lessons = new Map(course.lessons.map((l) => [l.slug, l]));
  const anchors = new Map<string, Set<string>>();
  const at = async (where: PropertyKey[], message: string) => problems.push(await yamlProblem(file, where, message));

  if (lab.spec.lesson && !lessons.has(lab.spec.lesson))
    await at(["lesson"], `lesson "${lab.spec.lesson}" does not exist`);
  // Lessons' shell blocks link to /labs/playground (lib/content/rehype-try-in-playground.ts).
  if (isPlayground(lab) && lab.slug !== PLAYGROUND_SLUG)
    await at(["kind"], `the playground is content/labs/${PLAYGROUND_SLUG}, where lessons link to it: move it there`);
  if (!isPlayground(lab) && lab.slug === PLAYGROUND_SLUG)
    await at([], `lessons link to content/labs/${PLAYGROUND_SLUG} as the playground: give it kind: playground`);
  for (const [i, task] of lab.spec.tasks.entries()) {
    if (!task.lesson) continue;
    const [slug, anchor] = task.lesson.split("#") as [string, string | undefined];
    const lesson = lessons.get(slug);
    if (!lesson) {
      await at(["tasks", i, "lesson"], `lesson "${slug}" does not exist`);
      continue;
    }
    if (!anchor) continue;
    if (!anchors.has(slug)) anchors.set(slug, await headingIds(lesson));
    if (!anchors.get(slug)!.has(anchor))
      await at(["tasks", i, "lesson"], `the lesson "${slug}" has no heading with the id "${anchor}"`);
  }

  const missing = LAB_IMAGES.filter((image) => !lab.spec.images.includes(image));
  for (const [i, task] of lab.spec.tasks.entries()) {
    const commands: Array<[PropertyKey[], string]> = [
      [["tasks", i, "solution"], task.solution],
      ...task.tries.map((t, j): [PropertyKey[], string] => [["tasks", i, "tries", j, "run"], t.run]),
    ];
    for (const [where, text] of commands)
      for (const image of namedImages(text, missing))
        await at(where, `uses ${image}, which is not in the lab's images (a lab cannot pull it)`);
  }
  for (const f of lab.files)
    for (const [n, text] of f.content.split("\n").entries())
      for (const image of namedImages(text, missing))
        problems.push({
          file: path.join(lab.dir, "files", f.path),
          line: n + 1,
          message: `uses ${image}, which is not in the lab's images of ${path.relative(process.cwd(), file)}`,
        });
  return problems;
}

/** A problem with the value at `where` of a YAML file, located there. */
async function yamlProblem(file: string, where: PropertyKey[], message: string): Promise<ContentProblem> {
  return { file, ...(await locateInYamlFile(file, where)), message };
}

/** The seeded images among `candidates` that `text` names as a whole word (`registry:2` is the registry's alias). */
function namedImages(text: string, candidates: readonly string[]): string[] {
  return candidates.filter((image) => {
    const names = image.startsWith("dockyard/registry:") ? [image, "registry:2"] : [image];
    // Bounded as a shell word or a YAML value, so python:3.11-slim-custom or my/python:3.11-slim do not count.
    const escaped = names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    return escaped.some((name) => new RegExp(`(^|[\\s"'=])${name}($|[\\s"'@])`, "m").test(text));
  });
}

/** The ids the lesson renderer gives its h2 and h3 headings (rehype-heading-ids.ts), read off the Markdown. */
async function headingIds(lesson: LessonEntry): Promise<Set<string>> {
  const { body } = await readLessonSource(lesson.file);
  const next = anchorSequence();
  const ids = new Set<string>();
  for (const [, text] of linesOutsideFences(body)) {
    const heading = /^#{2,3}\s+(.+?)\s*#*\s*$/.exec(text);
    if (heading) ids.add(next(heading[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")));
  }
  return ids;
}

/** The body's lines, with their indexes, that are not in fenced code (nor its fences). */
function linesOutsideFences(body: string): [number, string][] {
  let fence: string | undefined;
  return [...body.split("\n").entries()].filter(([, text]) => {
    const marker = /^\s*(```|~~~)/.exec(text)?.[1];
    if (marker && (!fence || marker === fence)) fence = fence ? undefined : marker;
    return !fence && !marker;
  });
}

function stripFences(body: string): string {
  return body.replace(/^\s*(```|~~~)[\s\S]*?^\s*\1\s*$/gm, "");
}

/** Capitalised tags outside code that are not lesson components, each with the line of its first use. */
function unknownComponents(body: string, firstLine: number): { name: string; line: number }[] {
  const known = new Set<string>(LESSON_COMPONENT_NAMES);
  const found = new Map<string, number>();
  for (const [i, text] of linesOutsideFences(body)) {
    for (const m of text.replace(/`[^`\n]*`/g, "").matchAll(/<([A-Z][A-Za-z0-9]*)\b/g)) {
      const name = m[1]!;
      if (!known.has(name) && !found.has(name)) found.set(name, firstLine + i);
    }
  }
  return [...found].map(([name, line]) => ({ name, line }));
}
