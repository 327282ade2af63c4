import { existsSync } from "node:fs";
import path from "node:path";
import { ContentFault } from "../content/content-fault";
import { contentRoot, subdirectories } from "../content/content-root";
import { parseYamlFile } from "../content/parse-yaml-file";
import { slugSchema } from "../content/schemas";
import { RequestError } from "../errors/request-error";
import type { SubmittedFile } from "../file-sets/validate-files";
import { type ExerciseSpec, exerciseSpecSchema, type VariantExpect, variantExpectSchema } from "./exercise-schema";
import { readFileTree } from "./read-file-tree";

export interface Exercise {
  slug: string;
  spec: ExerciseSpec;
  dir: string;
  /** Starter content of each editable file ("" when the starter has none). */
  starter: SubmittedFile[];
  /** Files of starter/ the learner cannot change; they are always taken from the exercise. */
  fixed: SubmittedFile[];
}

export interface ExerciseVariant {
  name: string;
  expect: VariantExpect;
  /** The variant's editable files (others fall back to the solution). */
  files: SubmittedFile[];
}

export async function listExercises(root = contentRoot()): Promise<Exercise[]> {
  return Promise.all((await exerciseSlugs(root)).map((slug) => loadExercise(slug, root)));
}

/** The folders of content/exercises, each an exercise whether or not it loads. */
export function exerciseSlugs(root = contentRoot()): Promise<string[]> {
  return subdirectories(path.join(root, "exercises"));
}

export async function loadExercise(slug: string, root = contentRoot()): Promise<Exercise> {
  const dir = path.join(root, "exercises", slug);
  if (!slugSchema.safeParse(slug).success || !existsSync(path.join(dir, "exercise.yaml")))
    throw new RequestError("NOT_FOUND", `There is no exercise called "${slug}".`);
  const spec = await parseYamlFile(path.join(dir, "exercise.yaml"), exerciseSpecSchema);
  const editable = new Set(spec.editable);
  const starterFiles = existsSync(path.join(dir, "starter")) ? await readFileTree(path.join(dir, "starter")) : [];
  const starter = spec.editable.map((p) => starterFiles.find((f) => f.path === p) ?? { path: p, content: "" });
  const fixed = starterFiles.filter((f) => !editable.has(f.path));
  return { slug, spec, dir, starter, fixed };
}

/** The exercise's editable files as `files` has them; the starter's for one it leaves out. */
export function editableFiles(exercise: Exercise, files: readonly SubmittedFile[]): SubmittedFile[] {
  return exercise.starter.map((s) => files.find((f) => f.path === s.path) ?? s);
}

/** The reference solution's editable files. */
export async function loadSolution(exercise: Exercise): Promise<SubmittedFile[]> {
  return editableFrom(exercise, path.join(exercise.dir, "solution"));
}

export async function loadVariants(exercise: Exercise): Promise<ExerciseVariant[]> {
  const dir = path.join(exercise.dir, "variants");
  const names = await subdirectories(dir);
  const solution = await loadSolution(exercise);
  return Promise.all(
    names.map(async (name) => {
      const expect = await parseYamlFile(path.join(dir, name, "expect.yaml"), variantExpectSchema);
      const own = await editableFrom(exercise, path.join(dir, name));
      const files = solution.map((f) => own.find((o) => o.path === f.path) ?? f);
      return { name, expect, files };
    }),
  );
}

async function editableFrom(exercise: Exercise, dir: string): Promise<SubmittedFile[]> {
  if (!existsSync(dir)) throw new ContentFault([{ file: dir, message: "this folder does not exist" }]);
  const editable = new Set(exercise.spec.editable);
  const files = await readFileTree(dir, { ignore: (p) => p === "expect.yaml" });
  const stray = files.find((f) => !editable.has(f.path));
  if (stray) {
    throw new ContentFault([
      {
        file: path.join(dir, stray.path),
        message:
          `is not an editable file of exercise "${exercise.slug}" (${exercise.spec.editable.join(", ")}); ` +
          "the solution and variants hold only editable files",
      },
    ]);
  }
  return files;
}
