import { existsSync } from "node:fs";
import path from "node:path";
import { allOrContentFault } from "./content-fault";
import { contentRoot, subdirectories } from "./content-root";
import { readLessonSource, validateFrontmatter } from "./lesson-source";
import { liveAuthoring } from "./live-authoring";
import { parseYamlFile } from "./parse-yaml-file";
import { type LessonFrontmatter, type ModuleMeta, moduleSchema } from "./schemas";

export interface LessonEntry extends LessonFrontmatter {
  slug: string;
  moduleSlug: string;
  /** Absolute path of lesson.mdx. */
  file: string;
  /** Absolute path of quiz.yaml, when the lesson has one. */
  quizFile?: string;
}

export interface ModuleEntry extends ModuleMeta {
  slug: string;
  lessons: LessonEntry[];
}

export type Course = Awaited<ReturnType<typeof readCourse>>;

const courses = new Map<string, Promise<Course>>();

/** The course outline, read once per process (content changes with a deployment), or every call under `next dev`. */
export function loadCourse(root = contentRoot()): Promise<Course> {
  if (liveAuthoring()) return readCourse(root);
  let course = courses.get(root);
  if (!course) {
    course = readCourse(root);
    // A failed read is not kept: the next request tries again (and reports the problem again).
    course.catch(() => courses.delete(root));
    courses.set(root, course);
  }
  return course;
}

/** Reads the course outline fresh from content/modules/<module>/lessons/<lesson>/ (slugs drop a "01-" prefix). */
export async function readCourse(root = contentRoot()) {
  const modulesDir = path.join(root, "modules");
  const moduleDirs = await subdirectories(modulesDir);
  const modules = await allOrContentFault(moduleDirs.map((dir) => loadModule(path.join(modulesDir, dir), dir)));
  modules.sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
  return { modules, lessons: modules.flatMap((m) => m.lessons) };
}

async function loadModule(dir: string, folder: string): Promise<ModuleEntry> {
  const meta = await parseYamlFile(path.join(dir, "module.yaml"), moduleSchema);
  const slug = stripOrderPrefix(folder);
  const lessonsDir = path.join(dir, "lessons");
  const lessonDirs = await subdirectories(lessonsDir);
  const lessons = await allOrContentFault(lessonDirs.map((d) => loadLessonEntry(path.join(lessonsDir, d), d, slug)));
  lessons.sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
  return { ...meta, slug, lessons };
}

async function loadLessonEntry(dir: string, folder: string, moduleSlug: string): Promise<LessonEntry> {
  const file = path.join(dir, "lesson.mdx");
  const frontmatter = validateFrontmatter(file, await readLessonSource(file));
  const quizFile = path.join(dir, "quiz.yaml");
  return {
    ...frontmatter,
    slug: stripOrderPrefix(folder),
    moduleSlug,
    file,
    quizFile: existsSync(quizFile) ? quizFile : undefined,
  };
}

const stripOrderPrefix = (folder: string) => folder.replace(/^\d+-/, "");
