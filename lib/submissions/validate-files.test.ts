import { describe, expect, it } from "vitest";
import { normalisePath, validateFiles } from "./validate-files";

const editable = ["Dockerfile", "app/main.py"];

describe("validateFiles", () => {
  it("normalises harmless variations of an editable path", () => {
    expect(validateFiles([{ path: "./app//main.py", content: "print(1)" }], editable)).toEqual([
      { path: "app/main.py", content: "print(1)" },
    ]);
  });

  it("refuses paths that escape the project or are absolute", () => {
    expect(() => normalisePath("../../etc/passwd")).toThrow(/contains "\.\."/);
    expect(() => normalisePath("app/../../x")).toThrow(/contains "\.\."/);
    expect(() => normalisePath("/etc/passwd")).toThrow(/absolute path/);
    expect(() => normalisePath("app\\main.py")).toThrow(/backslash/);
  });

  it("refuses files the exercise does not let the learner edit", () => {
    expect(() => validateFiles([{ path: "secrets.txt", content: "" }], editable)).toThrow(
      /not a file this exercise lets you edit/,
    );
  });

  it("refuses a submission over 5 MB with its size in the message", () => {
    const big = "x".repeat(10 * 1024 * 1024);
    expect(() => validateFiles([{ path: "Dockerfile", content: big }], editable)).toThrow(
      "The submission is 10.5 MB; the limit is 5 MiB in total.",
    );
  });

  it("refuses an empty set, duplicates and binary content", () => {
    expect(() => validateFiles([], editable)).toThrow(/no files/);
    expect(() =>
      validateFiles(
        [
          { path: "Dockerfile", content: "a" },
          { path: "./Dockerfile", content: "b" },
        ],
        editable,
      ),
    ).toThrow(/twice/);
    expect(() => validateFiles([{ path: "Dockerfile", content: "a\u0000b" }], editable)).toThrow(/binary/);
  });
});
