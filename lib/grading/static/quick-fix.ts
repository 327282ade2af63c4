/**
 * Mechanical fixes the editor offers next to a static rule's finding. A fix reads only the Dockerfile text and the
 * finding's line, so it runs wherever the rules run (the instant-checks worker) and stays testable without an
 * editor. Positions are 1-based, end column exclusive, as editors count them.
 */
export interface TextEdit {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  text: string;
}

export interface QuickFix {
  /** What the fix does, as the editor's menu shows it. */
  title: string;
  edits: TextEdit[];
}

/** `line` is the 1-based line a finding names; undefined when that line holds nothing this fix can change. */
export type QuickFixer = (dockerfile: string, line: number) => QuickFix | undefined;

const CONTINUED = /\\[ \t]*$/;
const COMMENT = /^[ \t]*#/;

/** The 1-based first and last line of the instruction `line` belongs to, following "\" continuations. */
export function instructionSpan(lines: readonly string[], line: number): { first: number; last: number } {
  const continues = (n: number) => n >= 1 && CONTINUED.test(lines[n - 1] ?? "");
  let first = line;
  // A comment line inside a continued instruction is dropped by Docker and does not end it.
  while (first > 1 && (continues(first - 1) || (COMMENT.test(lines[first - 2] ?? "") && continues(first - 2)))) first--;
  let last = line;
  while (last < lines.length && (continues(last) || COMMENT.test(lines[last] ?? ""))) last++;
  return { first, last };
}

/**
 * An edit inserting `text` right after the first match of `pattern` from `line` to the end of its instruction, or
 * undefined when no line there matches.
 */
export function insertAfter(dockerfile: string, line: number, pattern: RegExp, text: string): TextEdit | undefined {
  const lines = dockerfile.split("\n");
  const { last } = instructionSpan(lines, line);
  for (let n = line; n <= last; n++) {
    const match = pattern.exec(lines[n - 1] ?? "");
    if (!match) continue;
    const column = match.index + match[0].length + 1;
    return { startLine: n, startColumn: column, endLine: n, endColumn: column, text };
  }
  return undefined;
}

/** The text after the edits (non-overlapping, any order): what an editor shows once the fix is applied. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split("\n");
  const offset = (line: number, column: number) =>
    lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0) + column - 1;
  const sorted = [...edits].sort((a, b) => offset(b.startLine, b.startColumn) - offset(a.startLine, a.startColumn));
  return sorted.reduce(
    (out, e) => out.slice(0, offset(e.startLine, e.startColumn)) + e.text + out.slice(offset(e.endLine, e.endColumn)),
    text,
  );
}
