import type { CheckOutcome, Finding } from "../checks/check-spec";
import type { DockerInstruction, StaticContext } from "./static-context";

/**
 * Mechanical fixes the editor offers next to a static rule's finding. A fix reads the text of the file it edits (the
 * Dockerfile or the compose file), the finding's line and the rules' context (the exercise's settings and files), so
 * it runs wherever the rules run (the instant-checks worker) and stays testable without an editor. Positions are
 * 1-based, end column exclusive, as editors count them.
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

/**
 * `text` is the file the fix edits (the Dockerfile, or the rule's `quickFixFile`), `line` the 1-based line of it a
 * finding names and `ctx` the context the rule ran on; undefined when that line holds nothing this fix can change.
 */
export type QuickFixer = (text: string, line: number, ctx: StaticContext) => QuickFix | undefined;

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

/** The instruction whose lines include `line`. */
export function instructionAt(ctx: StaticContext, line: number): DockerInstruction | undefined {
  return ctx.instructions.find((i) => i.line <= line && line <= i.endLine);
}

/** The finding a rule reports on `line`, run again on the same context. */
export function findingAt(outcome: CheckOutcome, line: number): Finding | undefined {
  if (outcome.status !== "fail" && outcome.status !== "warn") return undefined;
  return outcome.findings.find((f) => f.location === `Dockerfile:${line}`);
}

/** Replaces the whole instruction `line` belongs to with `text` (several lines allowed), keeping its indentation. */
export function replaceInstruction(dockerfile: string, line: number, title: string, text: string): QuickFix {
  const lines = dockerfile.split("\n");
  const { first, last } = instructionSpan(lines, line);
  const indent = /^\s*/.exec(lines[first - 1] ?? "")![0];
  const endColumn = (lines[last - 1] ?? "").length + 1;
  const body = text
    .split("\n")
    .map((l) => indent + l)
    .join("\n");
  return { title, edits: [{ startLine: first, startColumn: 1, endLine: last, endColumn, text: body }] };
}

/** Deletes the instruction `line` belongs to, with its line break. */
export function deleteInstruction(dockerfile: string, line: number, title: string): QuickFix {
  const lines = dockerfile.split("\n");
  const { first, last } = instructionSpan(lines, line);
  const end =
    last < lines.length
      ? { endLine: last + 1, endColumn: 1 }
      : { endLine: last, endColumn: lines[last - 1]!.length + 1 };
  return { title, edits: [{ startLine: first, startColumn: 1, ...end, text: "" }] };
}

/** A fix replacing columns `start` to `end` (exclusive) of line `line` with `text`. */
export function lineFix(title: string, line: number, start: number, end: number, text: string): QuickFix {
  return { title, edits: [{ startLine: line, startColumn: start, endLine: line, endColumn: end, text }] };
}

/** Inserts `text` as a line of its own before line `line`, indented like it. */
export function insertLineBefore(dockerfile: string, line: number, title: string, text: string): QuickFix {
  const indent = /^\s*/.exec(dockerfile.split("\n")[line - 1] ?? "")![0];
  return lineFix(title, line, 1, 1, `${indent}${text}\n`);
}

/** A placeholder such as <version> that the learner has to fill in: such a fix is advice, not an edit. */
const PLACEHOLDER = /<[^<>\s]+>|\.\.\./;

/**
 * The finding's own fix written over its instruction, when that fix is one complete instruction of the same kind
 * (no placeholder, one line): the editor then does exactly what the hover says.
 */
export function findingFixAsInstruction(
  run: (ctx: StaticContext) => CheckOutcome,
  title: (fix: string) => string,
): QuickFixer {
  return (dockerfile, line, ctx) => {
    const instruction = instructionAt(ctx, line);
    const fix = findingAt(run(ctx), line)?.fix;
    if (!instruction || !fix || fix.includes("\n") || PLACEHOLDER.test(fix)) return undefined;
    if (fix.split(" ")[0]?.toUpperCase() !== instruction.keyword) return undefined;
    return replaceInstruction(dockerfile, instruction.line, title(fix), fix);
  };
}

/**
 * Where a new instruction of the final stage goes: before its CMD or ENTRYPOINT (so the start command stays last),
 * else after its last instruction.
 */
export function insertIntoFinalStage(
  dockerfile: string,
  ctx: StaticContext,
  title: string,
  text: string,
): QuickFix | undefined {
  const stage = ctx.finalStage;
  if (!stage) return undefined;
  const start = stage.instructions.find((i) => i.keyword === "CMD" || i.keyword === "ENTRYPOINT");
  if (start) return insertLineBefore(dockerfile, start.line, title, text);
  const lastInstruction = stage.instructions.at(-1) ?? stage.from;
  const lines = dockerfile.split("\n");
  const { last } = instructionSpan(lines, lastInstruction.endLine);
  const column = (lines[last - 1] ?? "").length + 1;
  return lineFix(title, last, column, column, `\n${text}`);
}
