import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkContent } from "./check-content";

// A copy of the real course, so the check runs the real validation on a file the test may break.
let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), "dockyard-check-"));
  process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "dockyard-check-data-"));
  cpSync(path.resolve("content"), root, { recursive: true });
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("checkContent", () => {
  it("refuses an exercise that would never run the image it grades, at its checks line", async () => {
    const file = path.join(root, "exercises/first-image/exercise.yaml");
    const original = readFileSync(file, "utf8");
    const withoutRun = original.replace(/^ {2}run:\n(?: {4}.*\n)+/m, "");
    expect(withoutRun).not.toBe(original);
    writeFileSync(file, withoutRun);
    const checksLine = withoutRun.split("\n").indexOf("checks:") + 1;
    expect(await checkContent(root)).toEqual([
      expect.objectContaining({
        file,
        line: checksLine,
        message: expect.stringMatching(/^every exercise runs the image it grades: add checks\.run/),
      }),
    ]);
  }, 120_000);
});
