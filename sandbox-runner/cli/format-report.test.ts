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

  it("opens with one line per mistake, however many checks found it", () => {
    const root = result.checks[1]!;
    const text = formatReport({
      ...result,
      checks: [...result.checks, { ...root, id: "security.runs-as-non-root", title: "It runs as non-root" }],
    });
    expect(text).toContain("== fix these first ==\n1. FAIL  The service runs as root  (-2 points, found by 2 checks");
    expect(text.match(/^\d+\. /gm)).toHaveLength(1);
  });
});

describe("formatReport with the version 3 fields", () => {
  it("names the base image's layers, the waste and each cache rebuild's first miss", () => {
    const text = formatReport({
      ...result,
      version: 3,
      image: {
        sizeBytes: 30_000_000,
        layers: [
          { createdBy: "# debian.sh", sizeBytes: 20_000_000, cached: false, fromBase: true },
          { createdBy: "RUN dd", sizeBytes: 10_000_000, cached: false, fromBase: false, wastedBytes: 5_000_000 },
        ],
      },
      cache: {
        rebuilds: [
          {
            mutation: "app/main.py",
            kind: "code",
            steps: [
              { label: "[2/3]", instruction: "WORKDIR /srv", line: 2, outcome: "reused" },
              { label: "[3/3]", instruction: "COPY . .", line: 3, outcome: "ran" },
            ],
            firstMiss: { label: "[3/3]", instruction: "COPY . .", line: 3, explanation: "It copies app/main.py." },
          },
        ],
      },
    });
    expect(text).toContain("image: 30 MB in 2 layers (1 from the base image), 5 MB of it wasted in your layers");
    expect(text).toContain(
      "cache: after editing app/main.py: 1 step reused, 1 ran again; first to run again: [3/3] COPY . . (Dockerfile:3)",
    );
  });
});

describe("formatReport with a size comparison", () => {
  it("prints the before, the after and the change beside the image's size", () => {
    const text = formatReport({
      ...result,
      version: 4,
      image: { sizeBytes: 151_000_000, layers: [] },
      sizeComparison: {
        stages: 2,
        baseline: { submissionId: "s2", attempt: 2, kind: "single-stage", sizeBytes: 642_000_000 },
      },
    });
    expect(text).toContain(
      "image: 151 MB in 0 layers\nsize: single-stage attempt #2: 642 MB -> this attempt: 151 MB (-76 %)",
    );
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
