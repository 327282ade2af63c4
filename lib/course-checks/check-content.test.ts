import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

  it("locates a lab's missing lessons, unknown heading anchors and images it cannot have", async () => {
    const dir = path.join(root, "labs/run-a-model-server");
    const file = path.join(dir, "lab.yaml");
    const dockerfile = path.join(dir, "files/model-server/Dockerfile");
    const original = readFileSync(file, "utf8");
    const originalDockerfile = readFileSync(dockerfile, "utf8");
    try {
      const broken = original
        .replace("lesson: dockerfile-for-ml-service\n", "lesson: no-such-lesson\n")
        .replace(
          "lesson: dockerfile-for-ml-service#build-it-run-it-call-it",
          "lesson: dockerfile-for-ml-service#nowhere",
        )
        .replace("lesson: compose-beyond-development#restart-policies", "lesson: no-such-lesson#restart-policies")
        .replace(
          "solution: docker build -t model-server:1.0",
          "solution: docker pull registry:2 && docker build -t model-server:1.0",
        );
      writeFileSync(file, broken);
      writeFileSync(dockerfile, originalDockerfile.replace("FROM python:3.11-slim", "FROM debian:bookworm-slim"));
      const lineOf = (text: string) => broken.split("\n").findIndex((l) => l.includes(text)) + 1;
      const problems = (await checkContent(root)).filter((p) => p.file?.includes("/labs/"));
      expect(problems).toEqual([
        expect.objectContaining({
          file,
          line: lineOf("lesson: no-such-lesson"),
          message: 'lesson "no-such-lesson" does not exist',
        }),
        expect.objectContaining({
          file,
          line: lineOf("#nowhere"),
          message: 'the lesson "dockerfile-for-ml-service" has no heading with the id "nowhere"',
        }),
        expect.objectContaining({
          file,
          line: lineOf("no-such-lesson#"),
          message: 'lesson "no-such-lesson" does not exist',
        }),
        expect.objectContaining({
          file,
          line: lineOf("solution: docker pull"),
          message: expect.stringMatching(/^uses dockyard\/registry:2\.8\.2-bookworm, which is not in the lab's images/),
        }),
        expect.objectContaining({
          file: dockerfile,
          line: 1,
          message: expect.stringMatching(/^uses debian:bookworm-slim/),
        }),
      ]);
    } finally {
      writeFileSync(file, original);
      writeFileSync(dockerfile, originalDockerfile);
    }
  }, 120_000);

  it("reports a lab that does not load at its line, and still checks the rest", async () => {
    const file = path.join(root, "labs/reclaim-disk-space/lab.yaml");
    const original = readFileSync(file, "utf8");
    try {
      writeFileSync(file, original.replace("minutes: 20", "minutes: 500"));
      const problems = (await checkContent(root)).filter((p) => p.file?.includes("/labs/"));
      expect(problems).toEqual([
        expect.objectContaining({ file, line: original.split("\n").indexOf("minutes: 20") + 1 }),
      ]);
    } finally {
      writeFileSync(file, original);
    }
  }, 120_000);

  it("holds the playground at content/labs/playground, where lessons' shell blocks link to it", async () => {
    const dir = path.join(root, "labs/sandbox");
    const text = readFileSync(path.join(root, "labs/playground/lab.yaml"), "utf8");
    try {
      mkdirSync(dir);
      writeFileSync(path.join(dir, "lab.yaml"), text);
      const problems = (await checkContent(root)).filter((p) => p.file?.includes("/labs/"));
      expect(problems).toEqual([
        expect.objectContaining({
          file: path.join(dir, "lab.yaml"),
          line: text.split("\n").indexOf("kind: playground") + 1,
          message: "the playground is content/labs/playground, where lessons link to it: move it there",
        }),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
