import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { contentCacheDir } from "../content/content-root";
import { loadCourse } from "../content/load-course";
import { listExercises } from "../exercises/load-exercise";
import { listLabs } from "../labs/load-lab";
import { buildSearchIndex } from "./build-search-index";
import type { SearchIndex } from "./search-index-schema";

export function searchIndexFile(): string {
  return path.join(contentCacheDir(), "search-index.json");
}

/** Builds the index and stores it where the web app reads it (the content build calls this). */
export async function writeSearchIndex(): Promise<SearchIndex> {
  const [course, exercises, labs] = await Promise.all([loadCourse(), listExercises(), listLabs()]);
  const index = await buildSearchIndex(course, { exercises, labs });
  const file = searchIndexFile();
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(index));
  await rename(tmp, file);
  return index;
}
