import { describe, expect, it } from "vitest";
import type { ResultDocument } from "../../lib/grading/result-schema";
import { formatReport } from "./format-report";
import { parseGradeArgs } from "./grade-command";

const result: ResultDocument = {
  version: 2,
  submissionId: "cli-1",
  exercise: "model-server",
  status: "failed",
  score: 0.75,
  phases: [{ name: "static", status: "passed", ms: 3 }],
  checks: [
    {
      id: "correctness.image-builds",
      category: "correctness",
      title: "The image builds",
      status: "pass",
      points: 2,
      maxPoints: 2,
      message: "ok",
      fix: "Nothing to fix.",
      lesson: "l",
    },
    {
      id: "security.user-declared",
      category: "security",
      title: "A USER is declared",
      status: "fail",
      points: 0,
      maxPoints: 2,
      message: "The final stage never sets USER.",
      location: "Dockerfile:1",
      evidence: "FROM python:3.11-slim",
      why: "Root in the container is root on the kernel.",
      fix: "Add USER app after creating the account.",
      lesson: "running-as-non-root",
    },
  ],
  logTruncated: false,
};

describe("formatReport", () => {
  it("shows the verdict, and for a failure what, where, why, how to fix and which lesson", () => {
    const text = formatReport(result);
    expect(text).toContain("model-server: FAILED  score 75%  (1 passed, 1 failed, 0 warnings, 0 skipped)");
    expect(text).toContain("FAIL  security.user-declared  A USER is declared  [0/2]");
    expect(text).toContain("where: Dockerfile:1");
    expect(text).toContain("why:   Root in the container is root on the kernel.");
    expect(text).toContain("fix:   Add USER app after creating the account.");
    expect(text).toContain("learn: /lessons/running-as-non-root");
    expect(text).not.toContain("Nothing to fix.");
  });
});

describe("parseGradeArgs", () => {
  it("reads the exercise, the folder and the flags", () => {
    expect(parseGradeArgs(["model-server", "./sol", "--json"])).toEqual({
      exercise: "model-server",
      dir: "./sol",
      json: true,
      verbose: false,
    });
  });

  it("explains its usage when something is missing or unknown", () => {
    expect(() => parseGradeArgs(["model-server"])).toThrow(/usage: npm run grade -- <exercise> <directory>/);
    expect(() => parseGradeArgs(["a", "b", "--colour"])).toThrow(/unknown option --colour/);
  });
});
