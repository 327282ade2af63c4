import { structuredPatch } from "diff";

type FileLike = { path: string; content: string };

export type DiffLine =
  | { kind: "add"; text: string; newLine: number }
  | { kind: "remove"; text: string; oldLine: number }
  | { kind: "context"; text: string; oldLine: number; newLine: number };

export interface FileDiff {
  path: string;
  change: "added" | "removed" | "modified" | "unchanged";
  added: number;
  removed: number;
  /** `header`: the unified diff's `@@ -a,b +c,d @@` line. */
  hunks: { header: string; lines: DiffLine[] }[];
  /** The two sides differ too much to compare line by line in reasonable time; only the counts are unknown. */
  tooLarge?: true;
}

/** Lines of context around each change, as `diff -u` and git show. */
const CONTEXT = 3;
/**
 * Myers' diff costs O(N·D): a file rewritten from scratch at the 5 MiB limit would hold a request for seconds.
 * Beyond this many edits the file is reported as too different to show.
 */
const MAX_EDIT_LENGTH = 2_000;

/**
 * A file's text as compared: a missing newline at its end is no change. The editor does not show it, Docker reads the
 * file the same with or without it, and a diff that marks it would point a learner at a difference they cannot see.
 */
function comparable(content: string | undefined): string {
  if (!content) return "";
  return content.endsWith("\n") ? content : `${content}\n`;
}

/**
 * A unified, per-file line diff of two file sets (paths matched exactly), in the order the files appear on the
 * `before` side, then files only `after` has. A file missing on one side is compared with an empty file, and a
 * missing final newline is not a difference (`comparable`).
 */
export function diffFileSets(before: readonly FileLike[], after: readonly FileLike[]): FileDiff[] {
  const paths = [...new Set([...before.map((f) => f.path), ...after.map((f) => f.path)])];
  return paths.map((path) => {
    const old = before.find((f) => f.path === path);
    const next = after.find((f) => f.path === path);
    const [a, b] = [comparable(old?.content), comparable(next?.content)];
    const change = !old ? "added" : !next ? "removed" : a === b ? "unchanged" : "modified";
    if (change === "unchanged") return { path, change, added: 0, removed: 0, hunks: [] };
    const patch = structuredPatch(path, path, a, b, "", "", { context: CONTEXT, maxEditLength: MAX_EDIT_LENGTH });
    if (!patch) return { path, change, added: 0, removed: 0, hunks: [], tooLarge: true };
    const hunks = patch.hunks.map((h) => ({
      header: `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`,
      lines: numberLines(h.lines, h.oldStart, h.newStart),
    }));
    const count = (kind: DiffLine["kind"]) => hunks.flatMap((h) => h.lines).filter((l) => l.kind === kind).length;
    return { path, change, added: count("add"), removed: count("remove"), hunks };
  });
}

function numberLines(raw: string[], oldStart: number, newStart: number): DiffLine[] {
  let oldLine = oldStart;
  let newLine = newStart;
  return raw.map((line): DiffLine => {
    const text = line.slice(1);
    switch (line[0]) {
      case "+":
        return { kind: "add", text, newLine: newLine++ };
      case "-":
        return { kind: "remove", text, oldLine: oldLine++ };
      default:
        return { kind: "context", text, oldLine: oldLine++, newLine: newLine++ };
    }
  });
}
