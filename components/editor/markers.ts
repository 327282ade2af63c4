import type { CheckResult } from "@/lib/grading/result-schema";
import { checkLocations } from "./locations";

/** Monaco's MarkerSeverity values, so this module stays free of the editor (and testable without it). */
export const SEVERITY = { warning: 4, error: 8 } as const;

/**
 * One file's findings (the file as the editor holds it now) as markers for monaco.editor.setModelMarkers; a line
 * past the end (the text changed since) goes on the last line.
 */
export function markersFor(
  findings: readonly CheckResult[],
  file: { path: string; lines: readonly string[] },
  lessonUrl: (slug: string) => string | undefined,
) {
  return findings.flatMap((check) =>
    checkLocations(check)
      .filter((at) => at.path === file.path)
      .map(({ line, message }) => {
        const lineNumber = Math.min(line, Math.max(file.lines.length, 1));
        const text = file.lines[lineNumber - 1] ?? "";
        const startColumn = text.length - text.trimStart().length + 1;
        const target = lessonUrl(check.lesson);
        return {
          severity: check.status === "fail" ? SEVERITY.error : SEVERITY.warning,
          message: `${check.title}\n${message}\nFix: ${check.fix}`,
          source: "Dockyard",
          // The lesson link, named for the learner: check ids are the grader's, never shown in the editor.
          code: target ? { value: "Open the lesson", target } : undefined,
          startLineNumber: lineNumber,
          startColumn,
          endLineNumber: lineNumber,
          // An empty line still gets a visible mark one character wide.
          endColumn: Math.max(text.trimEnd().length + 1, startColumn + 1),
        };
      }),
  );
}
