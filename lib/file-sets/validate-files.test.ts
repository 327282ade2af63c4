import { describe, expect, it } from "vitest";
import { normalisePath, submittedFileSchema, validateFiles } from "./validate-files";

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

describe("submittedFileSchema", () => {
  it("refuses a lone UTF-16 surrogate, naming the file, line and column", () => {
    const parsed = submittedFileSchema.safeParse({ path: "app/main.py", content: 'print("ok")\nprint("\ud83d")\n' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["content"]);
    expect(parsed.error?.issues[0]?.message).toBe(
      'in "app/main.py", line 2, column 8 has a lone UTF-16 surrogate (\\uD83D), half of a character that is not ' +
        "valid Unicode; delete it, or type the whole character again",
    );
  });

  it("refuses a file name that is not valid Unicode, and takes whole characters (emoji) anywhere", () => {
    expect(submittedFileSchema.safeParse({ path: "app/\udc00.py", content: "" }).error?.issues[0]?.message).toBe(
      'the file name "app/\ufffd.py" is not valid Unicode; rename the file',
    );
    expect(submittedFileSchema.parse({ path: "Dockerfile", content: "# 🐳\n" })).toEqual({
      path: "Dockerfile",
      content: "# 🐳\n",
    });
  });
});
