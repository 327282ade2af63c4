import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { exerciseSpecSchema } from "../exercises/exercise-schema";
import { compileMdx } from "./compile-mdx";
import { ContentFault } from "./content-fault";
import { formatProblem } from "./content-problem";
import { parseLessonSource, validateFrontmatter } from "./lesson-source";
import { parseYamlFile } from "./parse-yaml-file";
import { quizSchema } from "./schemas";
import { issueProblems, parseLocatedYaml } from "./yaml-locations";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "dockyard-problems-"));
  process.env.DATA_DIR = path.join(dir, "data");
});

/** The problems a failing call throws, as a ContentFault. */
async function problemsOf(run: () => unknown) {
  try {
    await run();
  } catch (err) {
    expect(err).toBeInstanceOf(ContentFault);
    return (err as ContentFault).problems;
  }
  throw new Error("expected a ContentFault");
}

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const option = (id: string, correct: boolean) => [
  `      - id: ${id}`,
  `        text: "Option ${id}"`,
  `        correct: ${correct}`,
  `        feedback: "Because."`,
];

describe("YAML problems carry the line of the value they are about", () => {
  it("puts a schema problem inside a quiz at the line of its question", async () => {
    const file = write(
      "quiz.yaml",
      [
        "id: sample", // 1
        "questions:", // 2
        "  - id: first", // 3
        "    kind: single",
        '    prompt: "Pick the right one"',
        "    options:",
        ...option("a", true),
        ...option("b", false),
        '    explanation: "Why."', // 15
        "  - id: second", // 16
        "    kind: single",
        '    prompt: "Pick the right one"',
        "    options:",
        ...option("a", true),
        ...option("b", true),
        '    explanation: "Why."',
      ].join("\n"),
    );
    const problems = await problemsOf(() => parseYamlFile(file, quizSchema));
    expect(problems).toEqual([
      {
        file,
        line: 16,
        column: 5,
        message: 'questions.1: question "second" is single-choice but has 2 correct options',
      },
    ]);
  });

  it("puts a wrong value at its key, and a missing field at the object that lacks it", async () => {
    const file = write(
      "exercise.yaml",
      [
        "title: Cache the dependencies", // 1
        "summary: Reorder a Dockerfile so that code edits reuse the install layer.",
        "prompt: Reorder the Dockerfile.",
        "editable: [Dockerfile]",
        "checks:", // 5
        "  run:",
        "    port: not-a-number", // 7
        "limits:",
        "  buildSeconds: 5", // 9
      ].join("\n"),
    );
    const problems = await problemsOf(() => parseYamlFile(file, exerciseSpecSchema));
    expect(problems.map((p) => [p.line, p.message.split(":")[0]])).toEqual([
      [7, "checks.run.port"],
      [9, "limits.buildSeconds"],
    ]);

    const missing = parseLocatedYaml(file, "title: x\nchecks:\n  run:\n    health: {}\n");
    expect(missing.locate(["checks", "run", "port"])).toEqual({ line: 3, column: 3 });
  });

  it("puts an unknown key at the key itself", () => {
    const yaml = parseLocatedYaml("f.yaml", "service:\n  role: cache\n  bulid: true\n");
    const parsed = z.object({ service: z.object({ role: z.string() }).strict() }).safeParse(yaml.data);
    const issue = parsed.error!.issues[0]!;
    expect(issue.code).toBe("unrecognized_keys");
    expect(issueProblems("f.yaml", [issue], yaml)[0]).toMatchObject({ line: 3, column: 3 });
  });

  it("locates a YAML syntax error", async () => {
    const file = write("module.yaml", "title: Layers\nsummary: [unclosed\norder: 1\n");
    const [problem] = await problemsOf(() => parseYamlFile(file, z.unknown()));
    expect(problem).toMatchObject({ file, line: 3 });
    expect(problem!.message).toMatch(/^not valid YAML: /);
  });
});

describe("lesson problems carry their line of lesson.mdx", () => {
  const frontmatter = [
    "---", // 1
    "title: Cache mounts",
    "summary: Keep pip's download cache between builds without baking it into the image.",
    "order: 3",
    "minutes: 0", // 5
    "objectives:",
    "  - Use a cache mount for pip",
    "---", // 8
    "", // 9: the body starts here
  ];

  it("maps a frontmatter field to its line", async () => {
    const file = "/course/lesson.mdx";
    const lesson = parseLessonSource(file, [...frontmatter, "Text.", ""].join("\n"));
    expect(lesson.bodyLine).toBe(9);
    const problems = await problemsOf(() => validateFrontmatter(file, lesson));
    expect(problems).toEqual([{ file, line: 5, column: 1, message: "minutes: Too small: expected number to be >=1" }]);
  });

  it("maps a frontmatter syntax error to its line", async () => {
    const file = "/course/lesson.mdx";
    const source = ["---", "title: Cache mounts", "objectives: [one", "order: 3", "---", "Text."].join("\n");
    const [problem] = await problemsOf(() => parseLessonSource(file, source));
    expect(problem).toMatchObject({ file, line: 4 });
    expect(problem!.message).toMatch(/^the frontmatter is not valid YAML: /);
  });

  it("maps an MDX syntax error in the body to its line of the file", async () => {
    const file = "/course/lesson.mdx";
    const body = ["", "## Why", "", "Text with a stray {brace", ""].join("\n"); // the brace is on body line 4
    const problems = await problemsOf(() => compileMdx(body, file, 9));
    expect(problems).toEqual([expect.objectContaining({ file, line: 12 })]);
    expect(problems[0]!.message).toMatch(/^MDX does not compile: .*closing brace/);
  });

  it("maps an unclosed component to the line of its opening tag", async () => {
    const file = "/course/lesson.mdx";
    const body = ["", "Intro.", "", '<Callout type="note">', "", "Never closed.", ""].join("\n");
    const problems = await problemsOf(() => compileMdx(body, file, 9));
    expect(problems[0]).toMatchObject({ file, line: 12 });
    expect(problems[0]!.message).toContain("(line 12)");
  });
});

describe("content faults read like compiler output", () => {
  it("formats each problem as file:line:column: message, relative to the working directory", () => {
    const file = path.join(process.cwd(), "content", "modules", "x", "module.yaml");
    const fault = new ContentFault([
      { file, line: 3, column: 1, message: "order: expected number" },
      { file, message: "whole-file problem" },
      { message: "a problem of the course as a whole" },
    ]);
    expect(fault.message.split("\n")).toEqual([
      "content/modules/x/module.yaml:3:1: order: expected number",
      "content/modules/x/module.yaml: whole-file problem",
      "a problem of the course as a whole",
    ]);
    expect(formatProblem({ file: "a.yaml", line: 2, message: "m" })).toBe("a.yaml:2: m");
  });
});
