import path from "node:path";
import { isErrno } from "../errors/errno";
import { PlatformFault } from "../errors/platform-fault";
import { type ContentProblem, formatProblem } from "./content-problem";

/**
 * Course content that does not load, with every problem found located. Its message is the problems formatted as
 * `file:line:column: message`, one a line, with paths relative to the working directory (content/...).
 */
export class ContentFault extends PlatformFault {
  readonly problems: ContentProblem[];

  constructor(problems: ContentProblem[], opts: { cause?: unknown } = {}) {
    super("content", problems.map((p) => formatProblem(relativeTo(process.cwd(), p))).join("\n"), opts);
    this.name = "ContentFault";
    this.problems = problems;
  }
}

/** The problem with its file named relative to `base` (file paths are kept absolute until they are shown). */
export function relativeTo(base: string, problem: ContentProblem): ContentProblem {
  if (!problem.file || !path.isAbsolute(problem.file)) return problem;
  return { ...problem, file: path.relative(base, problem.file) || problem.file };
}

/**
 * What went wrong loading `file`, as problems: a ContentFault's own, else the error's message. Anything other
 * than a content fault (a read error, a bug) still becomes a problem, so one broken file never hides the rest.
 */
export function problemsOf(err: unknown, file?: string): ContentProblem[] {
  if (err instanceof ContentFault) return err.problems;
  if (err instanceof PlatformFault) return [{ message: err.message }];
  if (isErrno(err, "ENOENT") && typeof (err as { path?: unknown }).path === "string")
    return [{ file: (err as { path: string }).path, message: "this file is missing" }];
  return [{ file, message: err instanceof Error ? err.message : String(err) }];
}

/**
 * Like Promise.all, but waits for every task and, when any failed, throws one ContentFault with the problems of
 * all of them: an author sees every broken file of the course at once, not the first one found.
 */
export async function allOrContentFault<const T extends readonly Promise<unknown>[]>(
  tasks: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const results = await Promise.allSettled(tasks);
  const failures = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
  if (failures.length)
    throw new ContentFault(
      failures.flatMap((err) => problemsOf(err)),
      { cause: failures[0] },
    );
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as {
    -readonly [K in keyof T]: Awaited<T[K]>;
  };
}
