import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ContentEvent, type ContentWatcher, isEditorNoise, watchContent } from "./watch-content";

// A copy of the real course, so the watcher runs the real validation (which needs every lesson the grader links
// to) on files the test may break.
let root: string;
let watcher: ContentWatcher;
const events: ContentEvent[] = [];

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), "dockyard-watch-"));
  process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "dockyard-watch-data-"));
  cpSync(path.resolve("content"), root, { recursive: true });
  watcher = watchContent(root);
  watcher.subscribe((event) => events.push(event));
  await watcher.ready;
}, 120_000);

afterAll(() => {
  watcher?.close();
  rmSync(root, { recursive: true, force: true });
});

/** The first event matching `accept` that arrives after the call (events are kept in order). */
async function next<T extends ContentEvent>(accept: (e: ContentEvent) => e is T, timeoutMs = 30_000): Promise<T> {
  const from = events.length;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = events.slice(from).find(accept);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no such event; got ${JSON.stringify(events.slice(from))}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const changed = (e: ContentEvent): e is Extract<ContentEvent, { type: "changed" }> => e.type === "changed";
const validated = (e: ContentEvent): e is Extract<ContentEvent, { type: "problems" }> => e.type === "problems";

describe("watchContent", () => {
  it("starts from a clean course", () => {
    expect(watcher.problems()).toEqual([]);
  });

  it("hears a save, reports the problem at its line, and clears it when the file is fixed", async () => {
    const relative = "modules/01-why-containers/lessons/containers-vs-vms/quiz.yaml";
    const file = path.join(root, relative);
    const original = readFileSync(file, "utf8");
    const lines = original.split("\n");
    const kindLine = lines.findIndex((l) => l.trim() === "kind: predict") + 1;
    expect(kindLine).toBeGreaterThan(0);

    const saved = next(changed);
    const checked = next(validated);
    writeFileSync(file, original.replace("kind: predict", "kind: guess"));
    expect((await saved).files).toContain(relative);
    const { problems } = await checked;
    expect(problems).toEqual([expect.objectContaining({ file, line: kindLine })]);
    expect(problems[0]!.message).toMatch(/^questions\.0\.kind: /);
    expect(watcher.problems()).toEqual(problems);

    const fixed = next(validated);
    writeFileSync(file, original);
    expect((await fixed).problems).toEqual([]);
  }, 60_000);

  it("reports an MDX syntax error at its line of lesson.mdx, below the frontmatter", async () => {
    const file = path.join(root, "modules/01-why-containers/lessons/containers-vs-vms/lesson.mdx");
    const original = readFileSync(file, "utf8");
    const lines = original.split("\n");
    const at = lines.findIndex((l, i) => i > 12 && l.trim() === "") + 1; // a blank line of the body
    lines[at - 1] = "</Callout>"; // a closing tag without its opening one

    const checked = next(validated);
    writeFileSync(file, lines.join("\n"));
    const { problems } = await checked;
    expect(problems).toEqual([expect.objectContaining({ file, line: at })]);
    expect(problems[0]!.message).toMatch(/^MDX does not compile: /);

    const fixed = next(validated);
    writeFileSync(file, original);
    expect((await fixed).problems).toEqual([]);
  }, 60_000);

  it("ignores editor swap files", async () => {
    const lesson = "modules/01-why-containers/lessons/containers-vs-vms";
    const saved = next(changed);
    writeFileSync(path.join(root, lesson, ".lesson.mdx.swp"), "swap");
    writeFileSync(path.join(root, lesson, "notes.md"), "a file the course does not read");
    expect((await saved).files).toEqual([`${lesson}/notes.md`]);
  }, 30_000);
});

describe("isEditorNoise", () => {
  it("tells editors' temporary files from content", () => {
    for (const noise of ["a/.lesson.mdx.swp", "a/lesson.mdx~", "a/.#quiz.yaml", "a/#quiz.yaml#", "a/4913"])
      expect(isEditorNoise(noise), noise).toBe(true);
    for (const content of ["a/lesson.mdx", "exercises/x/starter/.dockerignore", "a/quiz.yaml"])
      expect(isEditorNoise(content), content).toBe(false);
  });
});
