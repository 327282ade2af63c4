import { describe, expect, it } from "vitest";
import { commentBodyProblem, fileLines, normaliseCommentBody } from "./comment-rules";

describe("fileLines", () => {
  it("counts lines as the file views number them", () => {
    expect(fileLines("")).toEqual([]);
    expect(fileLines("a")).toEqual(["a"]);
    expect(fileLines("a\n")).toEqual(["a"]);
    expect(fileLines("a\n\n")).toEqual(["a", ""]);
    expect(fileLines("\n")).toEqual([""]);
  });
});

describe("comment bodies", () => {
  it("are trimmed, with Windows line ends made plain", () => {
    expect(normaliseCommentBody("  \r\nUse COPY.\r\n\tThen RUN.\r ")).toBe("Use COPY.\n\tThen RUN.");
  });

  it("keep new lines and tabs but no other control character, DEL or C1 included", () => {
    expect(commentBodyProblem("ok\n\tok")).toBeUndefined();
    expect(commentBodyProblem("a\u007f")).toMatch(/U\+007F\) on line 1/);
    expect(commentBodyProblem("a\n\nb\u0085")).toMatch(/U\+0085\) on line 3/);
    expect(commentBodyProblem("")).toMatch(/empty/);
    expect(commentBodyProblem("é".repeat(5000))).toBeUndefined();
    expect(commentBodyProblem("é".repeat(5001))).toMatch(/5001 characters/);
  });
});
