import path from "node:path";

// The content and cache folders are read at run time; the ignore comments stop
// the bundler from tracing the whole repository into the server output.

/** Where course content lives; CONTENT_DIR lets tests point at fixtures. */
export function contentRoot(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.CONTENT_DIR ?? path.join(/*turbopackIgnore: true*/ process.cwd(), "content"));
}

/** Cache for compiled artefacts; survives restarts so production never recompiles unchanged content. */
export function contentCacheDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR ?? path.join(/*turbopackIgnore: true*/ process.cwd(), ".data"), "content-cache");
}
