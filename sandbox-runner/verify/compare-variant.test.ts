import { describe, expect, it } from "vitest";
import type { CheckResult, ResultDocument } from "../../lib/grading/result-schema";
import { judgeSolution, judgeVariant } from "./compare-variant";

const check = (id: string, status: CheckResult["status"]): CheckResult => ({
  id,
  category: "security",
  title: id,
  status,
  points: status === "fail" ? 0 : 1,
  maxPoints: 1,
  message: `${id} says ${status}`,
  fix: "f",
  lesson: "l",
});
const result = (status: ResultDocument["status"], checks: CheckResult[]): ResultDocument => ({
  version: 2,
  submissionId: "s",
  exercise: "e",
  status,
  score: 0.5,
  phases: [],
  checks,
  logTruncated: false,
});

describe("judgeVariant", () => {
  it("accepts a variant that fails exactly the named checks", () => {
    const verdict = judgeVariant(result("failed", [check("a", "fail"), check("b", "fail"), check("c", "pass")]), {
      description: "xxxxx",
      fails: ["a", "b"],
      warns: [],
    });
    expect(verdict).toEqual({ ok: true, failed: ["a", "b"], problems: [] });
  });

  it("names a check that should have failed and one that failed unexpectedly", () => {
    const verdict = judgeVariant(result("failed", [check("a", "pass"), check("b", "fail")]), {
      description: "xxxxx",
      fails: ["a"],
      warns: [],
    });
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toEqual(["expected a to fail, but it was pass", "b failed too: b says fail"]);
  });

  it("refuses unexpected warnings unless the variant allows them", () => {
    const graded = result("failed", [check("a", "fail"), check("w", "warn")]);
    expect(judgeVariant(graded, { description: "xxxxx", fails: ["a"], warns: [] }).ok).toBe(false);
    expect(judgeVariant(graded, { description: "xxxxx", fails: ["a"], warns: ["w"] }).ok).toBe(true);
  });
});

describe("judgeSolution", () => {
  it("passes only with no failure and no warning", () => {
    expect(judgeSolution(result("passed", [check("a", "pass"), check("s", "skipped")])).ok).toBe(true);
    expect(judgeSolution(result("passed", [check("a", "pass"), check("w", "warn")])).problems).toEqual([
      "the solution warns on w: w says warn",
    ]);
    expect(judgeSolution(result("failed", [check("a", "fail")])).ok).toBe(false);
  });
});
