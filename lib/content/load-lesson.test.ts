import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileMdx } from "./compile-mdx";
import { loadCourse } from "./load-course";
import { loadLesson } from "./load-lesson";

beforeAll(() => {
  process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "dockyard-content-"));
});

describe("content pipeline on the real course", () => {
  it("loads the outline with slugs stripped of ordering prefixes", async () => {
    const course = await loadCourse();
    expect(course.modules[0]?.slug).toBe("why-containers");
    expect(course.lessons.map((l) => l.slug)).toContain("containers-vs-vms");
  });

  it("compiles a lesson with its validated quiz", async () => {
    const lesson = await loadLesson("containers-vs-vms");
    expect(lesson.code).toContain("Quiz");
    expect(lesson.quiz?.questions.length).toBeGreaterThanOrEqual(4);
  });

  it("rejects an unknown lesson with NOT_FOUND", async () => {
    await expect(loadLesson("no-such-lesson")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("compileMdx cache", () => {
  it("stores one entry per distinct source, keyed by its hash", async () => {
    const cacheDir = path.join(process.env.DATA_DIR!, "content-cache");
    const file = path.join(process.env.DATA_DIR!, "lesson.mdx");
    const a = await compileMdx("# One\n\nHello", file);
    const again = await compileMdx("# One\n\nHello", file);
    expect(again).toBe(a);
    const entries = readdirSync(cacheDir).filter((f) => f.endsWith(".js"));
    await compileMdx("# Two\n\nHello", file);
    expect(readdirSync(cacheDir).filter((f) => f.endsWith(".js")).length).toBe(entries.length + 1);
    expect(existsSync(cacheDir)).toBe(true);
  });

  it("reports an MDX syntax error with the file name", async () => {
    await expect(compileMdx("# Broken\n\n<Callout>", "/content/broken.mdx")).rejects.toThrow(
      /broken\.mdx:3:1: MDX does not compile: Expected a closing tag for `<Callout>`/,
    );
  });
});
