import { describe, expect, it } from "vitest";
import { plainText, TerminalSanitiser, terminalOutputDecoder } from "./terminal-output";

const ESC = "\u001b";
const clean = (...chunks: string[]) => {
  const s = new TerminalSanitiser();
  return chunks.map((c) => s.push(c)).join("");
};

describe("TerminalSanitiser", () => {
  it("keeps text, colours, cursor moves, simple escapes and the controls a terminal needs", () => {
    const text = `a\tb\r\n${ESC}[1;31mred${ESC}[0m${ESC}[2J${ESC}[?25l${ESC}7${ESC}8${ESC}(B\b\u0007é 中 🐳`;
    expect(clean(text)).toBe(text);
  });

  it("drops an OSC 8 link's target and keeps its visible text", () => {
    expect(clean(`see ${ESC}]8;;https://evil.example/${ESC}\\here${ESC}]8;;${ESC}\\ now`)).toBe("see here now");
  });

  it("drops an OSC 52 clipboard write and a window title, BEL- or ST-terminated", () => {
    expect(clean(`x${ESC}]52;c;Y3VybCBldmlsIHwgc2g=\u0007y`)).toBe("xy");
    expect(clean(`${ESC}]0;user@host: ~${ESC}\\$ `)).toBe("$ ");
    expect(clean(`${ESC}]2;title\u0007ok`)).toBe("ok");
  });

  it("drops DCS, APC, PM and SOS strings", () => {
    expect(clean(`a${ESC}P+q544e${ESC}\\b${ESC}_apc${ESC}\\c${ESC}^pm${ESC}\\d${ESC}Xsos${ESC}\\e`)).toBe("abcde");
  });

  it("drops the 8-bit C1 forms and rewrites an 8-bit CSI in its 7-bit form", () => {
    expect(clean("a\u009d52;c;ZXZpbA==\u009cb\u0090dcs\u009cc\u009fapc\u0007d")).toBe("abcd");
    expect(clean("\u009b31mred")).toBe(`${ESC}[31mred`);
    expect(clean("x\u0085y\u009cz")).toBe("xyz");
  });

  it("recognises a sequence split anywhere across chunks", () => {
    const input = `a${ESC}]52;c;ZXZpbA==${ESC}\\b${ESC}[1;32mc`;
    for (let i = 1; i < input.length; i++) {
      expect(clean(input.slice(0, i), input.slice(i))).toBe(`ab${ESC}[1;32mc`);
    }
    expect(clean(`${ESC}`, "]", "0;t", "itle", ESC, "\\", "ok")).toBe("ok");
  });

  it("drops other C0 controls and DEL, and ends a string at CAN or at a new escape", () => {
    expect(clean("a\u0000b\u000ec\u000fd\u007fe")).toBe("abcde");
    expect(clean(`${ESC}]0;never ended\u0018after`)).toBe("after");
    expect(clean(`${ESC}]0;t${ESC}[1mbold`)).toBe(`${ESC}[1mbold`);
  });

  it("drops a CSI broken by a control character or far too long", () => {
    expect(clean(`${ESC}[12\nx`)).toBe("\nx");
    expect(clean(`${ESC}[${"1;".repeat(100)}mx`)).not.toContain(ESC);
  });
});

describe("terminalOutputDecoder", () => {
  it("decodes a UTF-8 character split between two reads", () => {
    const bytes = Buffer.from("é中🐳", "utf8");
    for (let i = 1; i < bytes.length; i++) {
      const d = terminalOutputDecoder();
      expect(d.write(bytes.subarray(0, i)) + d.write(bytes.subarray(i)) + d.end()).toBe("é中🐳");
    }
  });

  it("drops an 8-bit OSC sent as its UTF-8 encoding, split between its two bytes", () => {
    const bytes = Buffer.from("a\u009d52;c;ZXZpbA==\u0007b", "utf8");
    const d = terminalOutputDecoder();
    expect(d.write(bytes.subarray(0, 2)) + d.write(bytes.subarray(2))).toBe("ab");
  });
});

describe("TerminalSanitiser in plain mode, and plainText", () => {
  const plain = (...chunks: string[]) => {
    const s = new TerminalSanitiser("plain");
    return chunks.map((c) => s.push(c)).join("");
  };

  it("drops colours, cursor moves and simple escapes, and keeps only TAB, LF and CR of the controls", () => {
    expect(plain(`a\tb\r\n${ESC}[1;31mred${ESC}[0m${ESC}[?25l${ESC}7${ESC}(B\b\u0007\u0000é 🐳`)).toBe(
      "a\tb\r\nredé 🐳",
    );
    expect(plain("\u009b31mred")).toBe("red");
  });

  it("drops an OSC 8 link whatever its target holds, and an OSC 52 clipboard write, keeping the link's text", () => {
    expect(
      plain(`${ESC}]8;;javascript:alert('osc8')\u0007label${ESC}]8;;\u0007 ${ESC}]52;c;PHNjcmlwdD4+\u0007end`),
    ).toBe("label end");
  });

  it("ends a control string that was never terminated at the end of its line, across chunks too", () => {
    expect(plain(`a${ESC}]0;never ended\nnext line\n`)).toBe("a\nnext line\n");
    expect(plain(`a${ESC}]8;;x`, "y\nb")).toBe("a\nb");
  });

  it("leaves HTML as it is: escaping it is the page's business", () => {
    expect(plainText("<script>alert('log')</script> <b>bold</b>")).toBe("<script>alert('log')</script> <b>bold</b>");
  });
});
