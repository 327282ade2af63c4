/**
 * A build-context path in the form the grader keys files by: relative to the
 * context root, "/" separators, no "." segments, ".." resolved and clamped at
 * the root (Docker cleans paths the same way, so "/app", "./app/" and "app" agree).
 */
export function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, "/").split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return parts.join("/");
}
