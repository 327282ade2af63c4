import prettyBytes from "pretty-bytes";

/**
 * Sizes of images, layers and files as `docker images` prints them: decimal units (1 MB = 1,000,000 bytes) and
 * three significant digits ("131 MB"), so a number in a report matches what the learner sees locally.
 * Runs in the browser too.
 */
export function formatBytes(bytes: number): string {
  return prettyBytes(bytes);
}

/**
 * Limits and amounts measured against them, in whole MiB: the limits are set in binary units, as Docker's
 * `--memory` is, so "2048 MiB" reads exactly where a decimal "2.15 GB" would look like an odd choice.
 */
export function formatMiB(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20)} MiB`;
}
