/**
 * A lab terminal's stored output as plain text for staff: escape sequences and controls go, and a carriage return,
 * a backspace or "erase to the end of the line" act on the line, so a redrawn progress bar reads as it ended.
 */
export function plainTerminalText(text: string): string {
  return text.replace(/\r\n/g, "\n").split("\n").map(plainLine).join("\n");
}

/** A CSI (7-bit or 8-bit form: parameters, intermediates, a final byte), or any other ESC sequence. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: escape sequences are what this reads.
const SEQUENCE = /^(?:(?:\u001b\[|\u009b)([0-?]*)[ -/]*([@-~])|\u001b[ -/]*[0-~])/;

function plainLine(line: string): string {
  const cells: string[] = [];
  let cursor = 0;
  const chars = [...line];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === "\u001b" || ch === "\u009b") {
      const sequence = SEQUENCE.exec(chars.slice(i, i + 70).join(""));
      if (!sequence) continue;
      // Erase in line: from the cursor to the end (0 or none), or the whole line (2); erasing to the start keeps it.
      if (sequence[2] === "K" && (sequence[1] === "" || sequence[1] === "0")) cells.splice(cursor);
      if (sequence[2] === "K" && sequence[1] === "2") cells.length = 0;
      i += [...sequence[0]].length - 1;
    } else if (ch === "\r") cursor = 0;
    else if (ch === "\b") cursor = Math.max(0, cursor - 1);
    else if (ch === "\t" || (ch >= " " && !(ch >= "\u007f" && ch <= "\u009f"))) {
      while (cells.length < cursor) cells.push(" ");
      cells[cursor++] = ch;
    }
  }
  return cells.join("").trimEnd();
}

/** The end of a text, at most `chars` characters of it, started at a line when one begins in the last tenth. */
export function lastChars(text: string, chars: number): string {
  if (text.length <= chars) return text;
  const tail = text.slice(text.length - chars);
  const line = tail.indexOf("\n");
  return line >= 0 && line < chars / 10 ? tail.slice(line + 1) : tail;
}
