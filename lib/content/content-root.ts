import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { filesSettings } from "../config/settings";

// The content and cache folders are read at run time; the ignore comments stop
// the bundler from tracing the whole repository into the server output.

/** Where course content lives (CONTENT_DIR, relative to the working directory). */
export function contentRoot(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), filesSettings().CONTENT_DIR);
}

/** Cache for compiled artefacts; survives restarts so production never recompiles unchanged content. */
export function contentCacheDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), filesSettings().DATA_DIR, "content-cache");
}

/** The folders directly in `dir`, sorted by name; none when it does not exist. */
export async function subdirectories(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}
