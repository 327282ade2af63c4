import { describe, expect, it } from "vitest";
import { parseDockerfile } from "../../lib/dockerfile/model";
import type { BuildStepRecord } from "../docker/buildkit-progress";
import { compareStepRecords } from "./compare-step-records";
import { finalStageSteps } from "./final-stage-steps";

const dockerfile =
  'FROM python:3.11-slim\nWORKDIR /srv\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python"]\n';
const steps = finalStageSteps(parseDockerfile(dockerfile)).steps;
const record = (index: number, cached: boolean, durationMs = 1500): BuildStepRecord => ({
  number: index + 3,
  digest: `sha256:${index}`,
  name: `[${index}/4] step`,
  stage: "",
  index,
  total: 4,
  cached,
  durationMs,
});

describe("compareStepRecords", () => {
  it("finds the first step BuildKit ran rather than reused, and shows each step's record up to the install", () => {
    const result = compareStepRecords(steps, [record(2, true), record(3, false, 200), record(4, false, 31_000)], 2);
    expect(result.firstMiss).toBe(1);
    expect(result.verdicts).toEqual(["cached", "ran", "ran"]);
    expect(result.evidence.split("\n")).toEqual([
      "[2/4] WORKDIR /srv: CACHED",
      "[3/4] COPY . .: ran (0.2 s)",
      "[4/4] RUN pip install -r requirements.txt: ran (31.0 s)",
    ]);
  });

  it("reports no miss when every step was cached", () => {
    expect(compareStepRecords(steps, [record(2, true), record(3, true), record(4, true)], 2).firstMiss).toBeUndefined();
  });

  it("counts a step without a record of its own as neither hit nor miss", () => {
    const result = compareStepRecords(steps, [record(3, true), record(4, false)], 2);
    expect(result.verdicts).toEqual(["no record", "cached", "ran"]);
    expect(result.firstMiss).toBe(2);
  });
});
