import { describe, expect, it } from "vitest";
import { lastChars, plainTerminalText } from "./terminal-text";

describe("plainTerminalText", () => {
  it("drops colours, cursor moves and other escape sequences, keeping the text", () => {
    expect(plainTerminalText("\u001b[1;32mlab$\u001b[0m ls\r\n\u001b(Bdone\u001b[?2004h")).toBe("lab$ ls\ndone");
    expect(plainTerminalText("\u009b31mred\u009b0m")).toBe("red");
  });

  it("writes over a line after a carriage return, as a progress bar ends up", () => {
    expect(plainTerminalText("10%\r50%\r100%\n")).toBe("100%\n");
    expect(plainTerminalText("abcdef\rxy")).toBe("xycdef");
  });

  it("takes back a character for a backspace, and erases to the end of the line", () => {
    expect(plainTerminalText("lab$ lss\b \b")).toBe("lab$ ls");
    expect(plainTerminalText("lab$ docker psx\r\u001b[Klab$ docker ps")).toBe("lab$ docker ps");
    expect(plainTerminalText("old text\u001b[2Knew")).toBe("        new");
  });

  it("keeps tabs and drops every other control, a bell included", () => {
    expect(plainTerminalText("a\tb\u0007c\u0000d\u007f")).toBe("a\tbcd");
  });
});

describe("lastChars", () => {
  it("keeps the end, from the start of a line when one begins near the cut", () => {
    expect(lastChars("short", 10)).toBe("short");
    expect(lastChars("0123456789\nabcdefghijklmnopqrstuvwxyz0123456789abcdefghij", 52)).toBe(
      "abcdefghijklmnopqrstuvwxyz0123456789abcdefghij",
    );
    expect(lastChars("0123456789abcdefghij", 5)).toBe("fghij");
  });
});
