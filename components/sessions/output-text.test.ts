import { describe, expect, it } from "vitest";
import { type BufferRow, outputText } from "./output-text";

const rows = (...texts: (string | [string])[]): BufferRow[] =>
  texts.map((t) => (Array.isArray(t) ? { text: t[0], wrapped: true } : { text: t, wrapped: false }));
const text = (buffer: BufferRow[], limits?: { lines: number; chars: number }) =>
  outputText(buffer.length, (i) => buffer[i], limits);

describe("outputText", () => {
  it("joins wrapped rows into the lines the program wrote and leaves out the blank rows below the output", () => {
    const buffer = rows("$ echo a long line", "a long ", ["line"], "$", "", "");
    expect(text(buffer)).toEqual({ text: "$ echo a long line\na long line\n$", lines: 3 });
  });

  it("keeps the latest lines up to the line cap", () => {
    const buffer = rows(...Array.from({ length: 10 }, (_, i) => `line ${i}`));
    expect(text(buffer, { lines: 3, chars: 1000 })).toEqual({ text: "line 7\nline 8\nline 9", lines: 3 });
  });

  it("keeps whole lines under the character cap, and the end of one line longer than the cap", () => {
    expect(text(rows("aaaa", "bbbb", "cccc"), { lines: 10, chars: 10 }).text).toBe("bbbb\ncccc");
    expect(text(rows(`${"x".repeat(50)}end`), { lines: 10, chars: 5 }).text).toBe("xxend");
  });

  it("removes control characters and bidirectional overrides, keeps tabs and any other text as it is", () => {
    const buffer = rows("safe\u202egnp.exe", "bell\u0007 \x1b[31mred", "tab\there <b>not html</b>");
    expect(text(buffer).text).toBe("safegnp.exe\nbell [31mred\ntab\there <b>not html</b>");
  });

  it("reads nothing from an empty terminal", () => {
    expect(text(rows("", ""))).toEqual({ text: "", lines: 0 });
    expect(text([])).toEqual({ text: "", lines: 0 });
  });
});
