import { describe, expect, it } from "vitest";
import { parseDockerfile } from "../../lib/dockerfile/model";
import { locateBuildStep as locate } from "./locate-step";

const locateBuildStep = (dockerfile: string, record: Parameters<typeof locate>[1]) =>
  locate(parseDockerfile(dockerfile), record);

describe("locateBuildStep", () => {
  const multi =
    "# base\nARG V=3.11\nFROM python:${V}-slim AS deps\nENV X=1\nRUN apt-get " +
    "update && \\\n    apt-get install -y gcc\n" +
    "FROM python:3.11-slim\nCOPY --from=deps /x /x\nRUN false\n";

  it("maps BuildKit's stage and step index to the instruction's line", () => {
    expect(locateBuildStep(multi, { stage: "deps", index: 2 })).toEqual({
      line: 5,
      instruction: "RUN apt-get update && apt-get install -y gcc",
    });
    expect(locateBuildStep(multi, { stage: "stage-1", index: 3 })).toEqual({ line: 9, instruction: "RUN false" });
    expect(locateBuildStep(multi, { stage: "stage-1", index: 1 })).toEqual({
      line: 7,
      instruction: "FROM python:3.11-slim",
    });
  });

  it("reads single-stage labels, which carry no stage", () => {
    expect(locateBuildStep("FROM python:3.11-slim\nWORKDIR /app\nRUN false\n", { stage: "", index: 3 })?.line).toBe(3);
  });

  it("returns nothing for BuildKit's internal steps and unknown stages", () => {
    expect(locateBuildStep(multi, {})).toBeUndefined();
    expect(locateBuildStep(multi, { stage: "nope", index: 2 })).toBeUndefined();
  });
});
