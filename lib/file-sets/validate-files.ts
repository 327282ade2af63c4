import { z } from "zod";
import { checkDockerfileSyntax } from "../dockerfile/check-syntax";
import { RequestError } from "../errors/request-error";
import { formatBytes, formatMiB } from "../format/bytes";
import { describeLoneSurrogate, findLoneSurrogate } from "../http/unicode-text";
import { SUBMISSION_LIMITS } from "./limits";

/**
 * One file as the editor sends it. A lone UTF-16 surrogate (JSON can carry one as an escape; UTF-8 cannot hold it)
 * is refused here, naming the file and line, because the database would refuse the file set with no place at all.
 */
export const submittedFileSchema = z
  .object({
    path: z.string().max(SUBMISSION_LIMITS.maxPathLength * 2),
    content: z.string(),
  })
  .superRefine(({ path, content }, ctx) => {
    if (!path.isWellFormed()) {
      ctx.addIssue({
        code: "custom",
        path: ["path"],
        message: `the file name "${path.toWellFormed()}" is not valid Unicode; rename the file`,
      });
      return;
    }
    const surrogate = findLoneSurrogate(content);
    if (surrogate) {
      ctx.addIssue({ code: "custom", path: ["content"], message: `in "${path}", ${describeLoneSurrogate(surrogate)}` });
    }
  });
export type SubmittedFile = z.infer<typeof submittedFileSchema>;

/**
 * Turns a learner's path into a safe relative POSIX path or explains why it
 * can't be one. Nothing is resolved against the file system: the file set is
 * data, and the build context is assembled from it in memory.
 */
export function normalisePath(raw: string): string {
  const p = raw.trim();
  if (p.length === 0) throw new RequestError("INVALID_PATH", "A file has an empty name.");
  if (p.length > SUBMISSION_LIMITS.maxPathLength) {
    throw new RequestError(
      "INVALID_PATH",
      `The file name "${p.slice(0, 40)}…" is longer than ${SUBMISSION_LIMITS.maxPathLength} characters.`,
      { path: p },
    );
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses.
  if (/[\u0000-\u001f]/.test(p))
    throw new RequestError("INVALID_PATH", `The file name "${p}" contains control characters.`, { path: p });
  if (p.includes("\\"))
    throw new RequestError("INVALID_PATH", `"${p}" uses a backslash; use "/" between folders.`, { path: p });
  if (p.startsWith("/")) {
    throw new RequestError(
      "INVALID_PATH",
      `"${p}" is an absolute path. Paths must be relative to your project folder, e.g. "app/main.py".`,
      { path: p },
    );
  }
  const parts = p.split("/").filter((s) => s !== "" && s !== ".");
  if (parts.includes("..")) {
    throw new RequestError(
      "INVALID_PATH",
      `"${p}" contains "..", which would point outside your project folder. Use a path inside it, e.g. "app/main.py".`,
      { path: p },
    );
  }
  if (parts.length === 0) throw new RequestError("INVALID_PATH", `"${p}" is not a file name.`, { path: p });
  return parts.join("/");
}

/**
 * Everything the submit route refuses in the files themselves, in its order: the file set, then the Dockerfile's
 * syntax when the learner edits it. Pure and browser-safe, so the editor's instant checks run exactly this before
 * Submit and flag what the server would refuse with its own message. Returns the normalised files.
 */
export function validateSubmission(files: SubmittedFile[], editable: readonly string[]): SubmittedFile[] {
  const valid = validateFiles(files, editable);
  if (editable.includes("Dockerfile")) {
    checkDockerfileSyntax(valid.find((f) => f.path === "Dockerfile")?.content ?? "", "Dockerfile");
  }
  return valid;
}

/**
 * Validates a submitted file set against the exercise: only its editable files,
 * each once, within the size limits. Returns the normalised files.
 */
export function validateFiles(files: SubmittedFile[], editable: readonly string[]): SubmittedFile[] {
  if (files.length === 0) throw new RequestError("BAD_REQUEST", "The submission has no files.");
  if (files.length > SUBMISSION_LIMITS.maxFiles) {
    throw new RequestError(
      "PAYLOAD_TOO_LARGE",
      `The submission has ${files.length} files; the limit is ${SUBMISSION_LIMITS.maxFiles}.`,
    );
  }
  // TextEncoder rather than Buffer: the editor's instant checks run this in the browser.
  const encoder = new TextEncoder();
  const total = files.reduce((sum, f) => sum + encoder.encode(f.content).length, 0);
  if (total > SUBMISSION_LIMITS.maxTotalBytes) {
    throw new RequestError(
      "PAYLOAD_TOO_LARGE",
      `The submission is ${formatBytes(total)}; the limit is ${formatMiB(SUBMISSION_LIMITS.maxTotalBytes)} ` +
        `in total. Keep data and model files out of the submission.`,
      { totalBytes: total },
    );
  }
  const seen = new Set<string>();
  const allowed = new Set(editable);
  return files.map((f) => {
    const path = normalisePath(f.path);
    if (!allowed.has(path)) {
      throw new RequestError(
        "INVALID_PATH",
        `"${path}" is not a file this exercise lets you edit (${editable.join(", ")}).`,
        { path },
      );
    }
    if (seen.has(path)) throw new RequestError("BAD_REQUEST", `"${path}" appears twice in the submission.`, { path });
    seen.add(path);
    if (f.content.includes("\u0000")) {
      throw new RequestError(
        "BAD_REQUEST",
        `"${path}" looks like a binary file; this exercise accepts text files only.`,
        { path },
      );
    }
    return { path, content: f.content };
  });
}
