import { z } from "zod";

/**
 * One thing wrong with the course as authored, located as precisely as it can be: the file, and the line and
 * column (1-based) where known. Free of Node imports, so the browser's problem panel shares it.
 */
export const contentProblemSchema = z.object({
  file: z.string().optional(),
  line: z.number().int().positive().optional(),
  column: z.number().int().positive().optional(),
  message: z.string(),
});
export type ContentProblem = z.infer<typeof contentProblemSchema>;

/** `file:line:column`, as far as it is known ("" without a file). */
export function problemLocation({ file, line, column }: ContentProblem): string {
  if (!file) return "";
  if (line === undefined) return file;
  return column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
}

/** `file:line:column: message`, the form compilers use, so editors and terminals can jump to it. */
export function formatProblem(problem: ContentProblem): string {
  const where = problemLocation(problem);
  return where ? `${where}: ${problem.message}` : problem.message;
}
