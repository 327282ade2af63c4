import { describe, expect, it } from "vitest";
import { describeLoneSurrogate, findIllFormedString, findLoneSurrogate } from "./unicode-text";

describe("findLoneSurrogate", () => {
  it("finds nothing in well-formed text, pairs (emoji) included", () => {
    expect(findLoneSurrogate("FROM python:3.11\nRUN echo 😀 🐳\n")).toBeUndefined();
    expect(findLoneSurrogate("")).toBeUndefined();
  });

  it("names the line and column of a lone high or low surrogate", () => {
    expect(findLoneSurrogate("FROM x\nRUN echo \ud800\n")).toEqual({ line: 2, column: 10, codeUnit: "\\uD800" });
    expect(findLoneSurrogate("\udc00")).toEqual({ line: 1, column: 1, codeUnit: "\\uDC00" });
    // A high surrogate at the very end, and one followed by another high one.
    expect(findLoneSurrogate("ab\ud83d")).toEqual({ line: 1, column: 3, codeUnit: "\\uD83D" });
    expect(findLoneSurrogate("😀\ud83d\ud83d\ude00")).toEqual({ line: 1, column: 3, codeUnit: "\\uD83D" });
  });

  it("is described as what is wrong and how to fix it", () => {
    expect(describeLoneSurrogate({ line: 2, column: 10, codeUnit: "\\uD800" })).toBe(
      "line 2, column 10 has a lone UTF-16 surrogate (\\uD800), half of a character that is not valid Unicode; " +
        "delete it, or type the whole character again",
    );
  });
});

describe("findIllFormedString", () => {
  it("gives the path of the first ill-formed value or key in parsed JSON", () => {
    expect(findIllFormedString({ a: [1, "ok", { b: "x\ud800" }] })).toEqual({
      path: ["a", 2, "b"],
      surrogate: { line: 1, column: 2, codeUnit: "\\uD800" },
    });
    expect(findIllFormedString({ "k\udfff": 1 })?.path).toEqual(["k\udfff"]);
    expect(findIllFormedString(JSON.parse('"\\ud800"'))?.path).toEqual([]);
    expect(findIllFormedString({ a: null, b: [true, 2, "😀"] })).toBeUndefined();
  });
});
