import type { CheckOutcome, Finding } from "../checks/check-spec";
import { lineFix, type QuickFix } from "../static/quick-fix";
import type { StaticContext } from "../static/static-context";

/** The file every compose rule's quick fix edits: the exercise's compose file. */
export const composeFileOf = (ctx: StaticContext): string | undefined => ctx.checks.compose?.file;

/** The findings a compose rule reports on `line` of the compose file, run again on the same context. */
export function composeFindingsAt(outcome: CheckOutcome, ctx: StaticContext, line: number): Finding[] {
  const file = composeFileOf(ctx);
  if (!file || (outcome.status !== "fail" && outcome.status !== "warn")) return [];
  return outcome.findings.filter((f) => f.location === `${file}:${line}`);
}

/** Replaces line `line` from `column` (1-based) to its end with `text`. */
export function replaceLineFrom(source: string, line: number, column: number, title: string, text: string): QuickFix {
  const endColumn = (source.split("\n")[line - 1] ?? "").length + 1;
  return lineFix(title, line, column, endColumn, text);
}

/** Deletes line `line` with its line break, and the blank lines after it when it opens the file. */
export function deleteLine(source: string, line: number, title: string): QuickFix {
  const lines = source.split("\n");
  let next = line + 1;
  if (line === 1) while (next < lines.length && lines[next - 1]!.trim() === "") next++;
  const end =
    next <= lines.length
      ? { endLine: next, endColumn: 1 }
      : { endLine: line, endColumn: (lines[line - 1] ?? "").length + 1 };
  return { title, edits: [{ startLine: line, startColumn: 1, ...end, text: "" }] };
}
