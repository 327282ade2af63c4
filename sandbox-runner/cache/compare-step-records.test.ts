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
  started: "2026-11-25T12:00:00Z",
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

  it("tells a step its cancelled build never began from one that ran", () => {
    const cancelled = { ...record(3, false), error: "context canceled", durationMs: 100 };
    const never = { ...record(4, false), started: undefined, durationMs: undefined };
    const result = compareStepRecords(steps, [record(2, true), cancelled, never], 2);
    expect(result.verdicts).toEqual(["cached", "ran", "not started"]);
    expect(result.firstMiss).toBe(1);
    expect(result.evidence.split("\n").slice(1)).toEqual([
      "[3/4] COPY . .: ran (then its rebuild was cancelled: the answer was in)",
      "[4/4] RUN pip install -r requirements.txt: not started (its rebuild was cancelled first)",
    ]);
  });
});
