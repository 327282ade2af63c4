import { lstat, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { RequestError } from "../errors/request-error";
import { SUBMISSION_LIMITS } from "../file-sets/limits";
import type { SubmittedFile } from "../file-sets/validate-files";
import { formatMiB } from "../format/bytes";

/**
 * Reads a directory into a file set without ever following a symlink: a link
 * in a learner's folder could otherwise pull /etc/passwd or a host secret into
 * a build context. Links, devices and sockets are refused with their path.
 */
export async function readFileTree(
  root: string,
  opts: { ignore?: (relative: string) => boolean } = {},
): Promise<SubmittedFile[]> {
  const files: SubmittedFile[] = [];
  let total = 0;
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const relative = path.relative(root, full).split(path.sep).join("/");
      if (opts.ignore?.(relative)) continue;
      const stat = await lstat(full);
      if (stat.isSymbolicLink()) {
        throw new RequestError(
          "INVALID_PATH",
          `"${relative}" is a symbolic link. Links are not followed; copy the file itself into the folder.`,
          { path: relative },
        );
      }
      if (stat.isDirectory()) {
        await walk(full);
        continue;
      }
      if (!stat.isFile())
        throw new RequestError("INVALID_PATH", `"${relative}" is not a regular file.`, { path: relative });
      total += stat.size;
      if (total > SUBMISSION_LIMITS.maxTotalBytes) {
        throw new RequestError(
          "PAYLOAD_TOO_LARGE",
          `The files in ${root} are larger than ${formatMiB(SUBMISSION_LIMITS.maxTotalBytes)} in total.`,
        );
      }
      if (files.length >= SUBMISSION_LIMITS.maxFiles) {
        throw new RequestError("PAYLOAD_TOO_LARGE", `${root} holds more than ${SUBMISSION_LIMITS.maxFiles} files.`);
      }
      files.push({ path: relative, content: await readFile(full, "utf8") });
    }
  }
  await walk(root);
  return files;
}
