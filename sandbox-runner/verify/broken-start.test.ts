import { describe, expect, it } from "vitest";
import { listExercises, loadSolution } from "../../lib/exercises/load-exercise";
import type { CheckResult, ResultDocument } from "../../lib/grading/result-schema";
import { brokenStart, judgeBrokenStart } from "./broken-start";

const exercises = await listExercises();

describe("brokenStart", () => {
  it.each(exercises.map((e) => [e.slug, e] as const))("points %s's start command at a missing file", async (_, ex) => {
    const solution = await loadSolution(ex);
    const broken = brokenStart(ex, solution);
    const before = [...ex.fixed, ...solution].find((f) => f.path === "Dockerfile")!.content;
    const after = [...broken.exercise.fixed, ...broken.files].find((f) => f.path === "Dockerfile")!.content;
    const changed = after.split("\n").filter((line, i) => line !== before.split("\n")[i]);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatch(/^(CMD|ENTRYPOINT) .*missing_/);
    expect(broken.change).toMatch(/→ .*missing_/);
  });

  it("breaks the script of python app/main.py, the module of python -m and of uvicorn", async () => {
    const changes = Object.fromEntries(
      await Promise.all(exercises.map(async (e) => [e.slug, brokenStart(e, await loadSolution(e)).change])),
    );
    expect(changes["first-image"]).toBe("CMD app/main.py → app/missing_main.py (Dockerfile:5)");
    expect(changes["gpu-training-image"]).toMatch(/^ENTRYPOINT train\.train → train\.missing_train /);
    expect(changes["compose-stack"]).toMatch(/^CMD app\.main → app\.missing_main /);
  });
});

describe("judgeBrokenStart", () => {
  const check = (id: string, status: CheckResult["status"]): CheckResult => ({
    id,
    category: "correctness",
    title: id,
    status,
    points: 0,
    maxPoints: 1,
    message: id,
    fix: "f",
    lesson: "l",
  });
  const result = (status: ResultDocument["status"], checks: CheckResult[]): ResultDocument => ({
    version: 2,
    submissionId: "s",
    exercise: "e",
    status,
    score: 0,
    phases: [],
    checks,
    logTruncated: false,
  });

  it("needs a start check among the failures, not just any failure", () => {
    expect(judgeBrokenStart(result("failed", [check("correctness.start-command-exists", "fail")])).ok).toBe(true);
    expect(judgeBrokenStart(result("failed", [check("correctness.job-completes", "fail")])).ok).toBe(true);
    const other = judgeBrokenStart(result("failed", [check("security.user-declared", "fail")]));
    expect(other.ok).toBe(false);
    expect(other.problems[0]).toContain("no start check failed it");
    expect(judgeBrokenStart(result("passed", [check("correctness.job-completes", "pass")])).ok).toBe(false);
  });
});
