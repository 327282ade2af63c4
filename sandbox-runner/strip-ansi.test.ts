import { describe, expect, it } from "vitest";
import { stripAnsi } from "./strip-ansi";

describe("stripAnsi", () => {
  it("removes pip's colour codes and keeps the text", () => {
    expect(stripAnsi("\u001b[91mERROR: No matching distribution found for flask\u001b[0m\n")).toBe("ERROR: No matching distribution found for flask\n");
  });

  it("removes OSC titles and cursor movement but not ordinary brackets", () => {
    expect(stripAnsi("\u001b]0;title\u0007done [1/2]\u001b[2K")).toBe("done [1/2]");
  });
});
