import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { contentRoot } from "../content/content-root";
import { parseYamlFile } from "../content/parse-yaml-file";
import { slugSchema } from "../content/schemas";
import { AppError } from "../errors/app-error";
import { exerciseSpecSchema, type ExerciseSpec } from "./exercise-schema";

export interface Exercise {
  slug: string;
  spec: ExerciseSpec;
  dir: string;
  /** Starter content of each editable file ("" when the starter has none). */
  starter: { path: string; content: string }[];
}

export async function listExercises(root = contentRoot()): Promise<Exercise[]> {
  const dir = path.join(root, "exercises");
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true });
  const slugs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(slugs.map((slug) => loadExercise(slug, root)));
}

export async function loadExercise(slug: string, root = contentRoot()): Promise<Exercise> {
  if (!slugSchema.safeParse(slug).success) throw new AppError("NOT_FOUND", `There is no exercise called "${slug}".`);
  const dir = path.join(root, "exercises", slug);
  if (!existsSync(path.join(dir, "exercise.yaml"))) throw new AppError("NOT_FOUND", `There is no exercise called "${slug}".`);
  const spec = await parseYamlFile(path.join(dir, "exercise.yaml"), exerciseSpecSchema);
  const starter = await Promise.all(
    spec.editable.map(async (p) => {
      const file = path.join(dir, "starter", p);
      return { path: p, content: existsSync(file) ? await readFile(file, "utf8") : "" };
    }),
  );
  return { slug, spec, dir, starter };
}
