import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LESSONS } from "../../lib/content/lesson-slugs";
import { CAUSES } from "../../lib/grading/checks/causes";
import { CHECK_CATALOGUE } from "./catalogue";
import { catalogueMarkdown } from "./catalogue-markdown";

describe("the check catalogue", () => {
  it("has at least 30 checks across all five categories, each id once", () => {
    expect(CHECK_CATALOGUE.length).toBeGreaterThanOrEqual(30);
    expect(new Set(CHECK_CATALOGUE.map((c) => c.category))).toEqual(
      new Set(["size", "cache", "security", "correctness", "gpu"]),
    );
    const ids = CHECK_CATALOGUE.map((c) => c.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it("explains every check: how it is measured, why it matters, how to fix it, and a lesson of the course", () => {
    const lessons = new Set<string>(Object.values(LESSONS));
    for (const check of CHECK_CATALOGUE) {
      expect(check.id.startsWith(`${check.category}.`), check.id).toBe(true);
      expect(check.measures.length, check.id).toBeGreaterThan(10);
      expect(check.why.length, check.id).toBeGreaterThan(20);
      expect(check.fix.length, check.id).toBeGreaterThan(10);
      expect(lessons.has(check.lesson), `${check.id} -> ${check.lesson}`).toBe(true);
      expect(check.points, check.id).toBeGreaterThan(0);
    }
  });

  it("groups only checks it has into causes, each with a lesson of the course and the lead-in-then-code fix", () => {
    const ids = new Set(CHECK_CATALOGUE.map((c) => c.id));
    const lessons = new Set<string>(Object.values(LESSONS));
    for (const cause of CAUSES) {
      expect(
        cause.checks.filter((id) => !ids.has(id)),
        cause.id,
      ).toEqual([]);
      expect(cause.checks.length, cause.id).toBeGreaterThan(1);
      expect(lessons.has(cause.lesson), cause.id).toBe(true);
      expect(cause.fix.split("\n")[0]!.endsWith(":"), cause.id).toBe(true);
    }
  });

  it("is documented in docs/check-catalogue.md as generated (run `npm run catalogue` after changing a check)", () => {
    const doc = readFileSync(new URL("../../docs/check-catalogue.md", import.meta.url), "utf8");
    expect(doc).toBe(catalogueMarkdown(CHECK_CATALOGUE));
  });
});
