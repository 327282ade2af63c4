import prettyBytes from "pretty-bytes";

/**
 * Sizes as `docker images` prints them: decimal units (1 MB = 1,000,000 bytes)
 * and three significant digits ("131 MB", "5.24 MB"), so a number in a message
 * matches what the learner sees locally. Runs in the browser too.
 */
export function formatBytes(bytes: number): string {
  return prettyBytes(bytes);
}
