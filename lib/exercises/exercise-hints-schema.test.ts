import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ContentFault } from "../content/content-fault";
import { exerciseSpecSchema, hintsSchema } from "./exercise-schema";
import { listExercises, loadExercise } from "./load-exercise";

const spec = {
  title: "Keep the layers cached",
  summary: "Reorder a Dockerfile so code edits reuse the install.",
  prompt: "Reorder the Dockerfile.",
  editable: ["Dockerfile"],
  checks: { run: { port: 8000 } },
};

function messages(hints: unknown): string[] {
  const parsed = hintsSchema.safeParse(hints);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("hints", () => {
  it("are optional, an empty list by default, and keep their order and thresholds", () => {
    expect(exerciseSpecSchema.parse(spec).hints).toEqual([]);
    const hints = [{ text: "First", afterFailures: 1 }, { text: "Second", afterFailures: 1 }, { text: "Ask" }];
    expect(exerciseSpecSchema.parse({ ...spec, hints }).hints).toEqual(hints);
  });

  it("trims the text and refuses an empty or over-long one", () => {
    expect(hintsSchema.parse([{ text: "  Look at COPY.\n" }])).toEqual([{ text: "Look at COPY." }]);
    expect(messages([{ text: "   " }])).toEqual(["0.text: a hint needs text"]);
    expect(messages([{ text: "x".repeat(2001) }])).toEqual(["0.text: a hint is at most 2000 characters"]);
    expect(messages([{ text: "x".repeat(2000) }])).toEqual([]);
  });

  it("wants afterFailures to be a whole number of at least 1, and no other keys", () => {
    expect(messages([{ text: "a", afterFailures: 0 }])).toEqual(["0.afterFailures: at least 1 failed attempt"]);
    expect(messages([{ text: "a", afterFailures: 1.5 }])).toEqual([
      "0.afterFailures: a whole number of failed attempts",
    ]);
    expect(messages([{ text: "a", after: 2 }])).toHaveLength(1);
  });

  it("refuses thresholds that decrease along the list, naming both hints", () => {
    expect(
      messages([
        { text: "a", afterFailures: 3 },
        { text: "b", afterFailures: 2 },
      ]),
    ).toEqual([
      "1.afterFailures: hint 2 opens after 2 failed attempts, before hint 1 (after 3); " +
        "afterFailures must not decrease along the list",
    ]);
  });

  it("refuses a hint that opens by failures after one that opens only on request", () => {
    const problems = messages([{ text: "a", afterFailures: 1 }, { text: "b" }, { text: "c", afterFailures: 4 }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^2\.afterFailures: hint 2 opens only on request, so hint 3/);
  });
});

describe("hints in the course", () => {
  it("give every exercise at least three hints, the first three opening after failed attempts", async () => {
    const exercises = await listExercises();
    expect(exercises.length).toBeGreaterThan(0);
    const short = exercises.filter((e) => e.spec.hints.length < 3).map((e) => `${e.slug} (${e.spec.hints.length})`);
    expect(short, "exercises with fewer than three hints").toEqual([]);
    for (const { slug, spec } of exercises) {
      for (const hint of spec.hints.slice(0, 3)) expect(hint.afterFailures, slug).toBeGreaterThanOrEqual(1);
    }
  });
});

describe("a bad hint in exercise.yaml", () => {
  let root: string | undefined;
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("is reported at its file and line", async () => {
    root = await mkdtemp(path.join(tmpdir(), "hints-schema-"));
    const dir = path.join(root, "exercises", "hinted");
    await mkdir(dir, { recursive: true });
    const yaml = [
      "title: Hinted",
      "summary: An exercise with hints in the wrong order.",
      "prompt: Write the Dockerfile.",
      "editable: [Dockerfile]",
      "checks: { run: { port: 8000 } }",
      "hints:",
      "  - text: Read the prompt again.",
      "    afterFailures: 2",
      "  - text: Look at COPY.",
      "    afterFailures: 1",
      "",
    ].join("\n");
    await writeFile(path.join(dir, "exercise.yaml"), yaml);
    const err = await loadExercise("hinted", root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ContentFault);
    const [problem] = (err as ContentFault).problems;
    expect(problem).toMatchObject({ file: path.join(dir, "exercise.yaml"), line: 10 });
    expect(problem!.message).toMatch(
      /^hints\.1\.afterFailures: hint 2 opens after 1 failed attempt, before hint 1 \(after 2\)/,
    );
  });
});
