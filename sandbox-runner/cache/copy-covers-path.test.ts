import { describe, expect, it } from "vitest";
import { copyCoversPath } from "./copy-covers-path";

describe("copyCoversPath", () => {
  it.each([
    [".", "app/main.py", true],
    ["./", "app/main.py", true],
    ["app", "app/main.py", true],
    ["app/", "app/main.py", true],
    ["./app/main.py", "app/main.py", true],
    ["*.py", "main.py", true],
    ["ap*", "app/main.py", true],
    ["app/*.py", "app/main.py", true],
    ["requirements.txt", "app/main.py", false],
    ["*.py", "app/main.py", false],
    ["application", "app/main.py", false],
    ["app/m[a-c]in.py", "app/main.py", true],
  ])("COPY %s brings %s: %s", (source, path, expected) => {
    expect(copyCoversPath(source, path)).toBe(expected);
  });
});
