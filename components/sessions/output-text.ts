/** One row of a terminal's buffer as xterm keeps it. */
export interface BufferRow {
  text: string;
  /** The row goes on from the one before it: a line longer than the terminal is wide. */
  wrapped: boolean;
}

export type OutputText = ReturnType<typeof outputText>;

/** How much of a terminal's output its text view shows: enough to follow the last commands, never the whole log. */
export const OUTPUT_TEXT_LIMITS = { lines: 200, chars: 32_000 };

// Control characters (but newline and tab) and bidi overrides and isolates: the program's output may disguise text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters it removes.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The last lines of a terminal's buffer (`rowAt(i)` the i-th row from the top) as plain text: wrapped rows joined,
 * blank rows below the output left out, at most `limits` (whole lines, the latest kept), unsafe characters removed.
 */
export function outputText(
  length: number,
  rowAt: (i: number) => BufferRow | undefined,
  limits: { lines: number; chars: number } = OUTPUT_TEXT_LIMITS,
) {
  const lines: string[] = [];
  let chars = 0;
  let parts: string[] = [];
  // From the bottom up, so only what is shown is read, however long the scrollback.
  for (let i = length - 1; i >= 0 && lines.length < limits.lines; i--) {
    const row = rowAt(i);
    if (!row) continue;
    parts.unshift(row.text);
    if (row.wrapped && i > 0) continue;
    const line = parts.join("").replace(UNSAFE, "");
    parts = [];
    if (lines.length === 0 && line.trim() === "") continue;
    if (chars + line.length + 1 > limits.chars) {
      // A single line longer than the cap keeps its end, the part nearest the prompt.
      if (lines.length === 0) lines.unshift(line.slice(-limits.chars));
      break;
    }
    lines.unshift(line);
    chars += line.length + 1;
  }
  return { text: lines.join("\n"), lines: lines.length };
}
