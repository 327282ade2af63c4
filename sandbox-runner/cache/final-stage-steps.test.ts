import { describe, expect, it } from "vitest";
import { finalStageSteps } from "./final-stage-steps";

describe("finalStageSteps", () => {
  it("numbers the final stage's steps the way the classic builder does, ARGs before FROM included", () => {
    const stage = finalStageSteps(
      "ARG V=3.11\nFROM python:${V}-slim AS deps\nRUN echo x\nFROM python:3.11-slim\nWORKDIR /srv\nCOPY --chown=1000 requirements.txt ./\nRUN pip install \\\n    -r requirements.txt\nCOPY --from=deps /x /x\n",
    );
    expect(stage.baseImage).toBe("python:3.11-slim");
    expect(stage.fromLine).toBe(4);
    expect(stage.steps.map((s) => [s.step, s.line, s.keyword])).toEqual([
      [5, 5, "WORKDIR"],
      [6, 6, "COPY"],
      [7, 7, "RUN"],
      [8, 9, "COPY"],
    ]);
    expect(stage.steps[1]!.sources).toEqual(["requirements.txt"]);
    expect(stage.steps[2]!.fullText).toBe("RUN pip install -r requirements.txt");
    expect(stage.steps[3]!.copyFrom).toBe("deps");
  });

  it("leaves the base unknown when the final stage starts from an earlier stage, and reads JSON-form COPY", () => {
    const stage = finalStageSteps('FROM debian:bookworm-slim AS base\nFROM base\nCOPY ["my app", "/srv/"]\n');
    expect(stage.baseImage).toBeUndefined();
    expect(stage.steps[0]!.sources).toEqual(["my app"]);
  });

  it("adds the default tag to an untagged base image", () => {
    expect(finalStageSteps("FROM python\nRUN true\n").baseImage).toBe("python:latest");
  });
});
