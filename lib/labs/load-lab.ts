import { existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { contentRoot, subdirectories } from "../content/content-root";
import { parseYamlFile } from "../content/parse-yaml-file";
import { slugSchema } from "../content/schemas";
import { RequestError } from "../errors/request-error";
import { readFileTree } from "../exercises/read-file-tree";
import type { SubmittedFile } from "../file-sets/validate-files";
import { isPlayground, type LabSpec, labSpecSchema } from "./lab-schema";

export interface Lab {
  slug: string;
  spec: LabSpec;
  dir: string;
  /** `files/` of the lab, copied into the learner's home when the lab starts (paths relative to it). */
  files: LabFile[];
}

/** A file of the lab's home; `executable` keeps a script the lab asks the learner to run runnable. */
export type LabFile = SubmittedFile & { executable?: boolean };

export async function listLabs(root = contentRoot()): Promise<Lab[]> {
  return Promise.all((await labSlugs(root)).map((slug) => loadLab(slug, root)));
}

/**
 * The labs with tasks: every lab but the playground (isPlayground). Only these have progress, a gradebook column,
 * numbers for instructors and a place in a class's assignments.
 */
export async function listGradedLabs(root = contentRoot()): Promise<Lab[]> {
  return (await listLabs(root)).filter((lab) => !isPlayground(lab));
}

/** The folders of content/labs, each a lab whether or not it loads. */
export function labSlugs(root = contentRoot()): Promise<string[]> {
  return subdirectories(path.join(root, "labs"));
}

export async function loadLab(slug: string, root = contentRoot()): Promise<Lab> {
  // The slug comes from a URL: checked before it becomes part of a path.
  if (!slugSchema.safeParse(slug).success) throw new RequestError("NOT_FOUND", `There is no lab called "${slug}".`);
  const dir = path.join(root, "labs", slug);
  const file = path.join(dir, "lab.yaml");
  if (!existsSync(file)) throw new RequestError("NOT_FOUND", `There is no lab called "${slug}".`);
  const spec = await parseYamlFile(file, labSpecSchema);
  const filesDir = path.join(dir, "files");
  const tree = existsSync(filesDir) ? await readFileTree(filesDir) : [];
  const files = await Promise.all(
    tree.map(async (file) =>
      ((await stat(path.join(filesDir, file.path))).mode & 0o111) !== 0 ? { ...file, executable: true } : file,
    ),
  );
  return { slug, spec, dir, files };
}

/** A lab's title; a lab taken out of the course may still have sessions, and its slug then stands for its title. */
export function labTitle(slug: string): Promise<string> {
  return loadLab(slug).then(
    (l) => l.spec.title,
    () => slug,
  );
}
