import { describe, expect, it } from "vitest";
import { parseDockerfile } from "../../lib/dockerfile/model";
import { dockerfileStages, finalStageSteps as stepsOf } from "./final-stage-steps";

const finalStageSteps = (dockerfile: string, target?: string) => stepsOf(parseDockerfile(dockerfile), target);

describe("finalStageSteps", () => {
  it("numbers the final stage's steps the way BuildKit does: FROM is 1, then RUN, COPY, ADD and WORKDIR", () => {
    const stage = finalStageSteps(
      "ARG V=3.11\nFROM python:${V}-slim AS deps\nRUN echo x\nFROM python:3.11-slim\nENV A=1\nWORKDIR /srv\n" +
        ("COPY --chown=1000 requirements.txt ./\nRUN pip install \\\n    -r " +
          "requirements.txt\nEXPOSE 80\nCOPY --from=deps /x /x\n"),
    );
    expect(stage.fromLine).toBe(4);
    expect(stage.steps.map((s) => [s.label, s.line, s.keyword])).toEqual([
      ["[stage-1 2/5]", 6, "WORKDIR"],
      ["[stage-1 3/5]", 7, "COPY"],
      ["[stage-1 4/5]", 8, "RUN"],
      ["[stage-1 5/5]", 11, "COPY"],
    ]);
    expect(stage.steps[1]!.sources).toEqual(["requirements.txt"]);
    expect(stage.steps[2]!.fullText).toBe("RUN pip install -r requirements.txt");
    expect(stage.steps[3]!.copyFrom).toBe("deps");
  });

  it("leaves the stage out of labels in a single-stage Dockerfile, as BuildKit does", () => {
    const stage = finalStageSteps('FROM python:3.11-slim\nCOPY app.py .\nCMD ["python", "app.py"]\n');
    expect(stage.steps.map((s) => s.label)).toEqual(["[2/2]"]);
  });

  it("uses a stage's name in lower case and picks the build target when one is named", () => {
    const dockerfile =
      "FROM debian:bookworm-slim AS Builder\nRUN make\nFROM builder AS " +
      "test\nRUN make test\nFROM debian:bookworm-slim\nCOPY --from=Builder /out /out\n";
    // FROM an earlier stage (or scratch) is no step of its own: there the first instruction is step 1.
    const labels = dockerfileStages(parseDockerfile(dockerfile)).map((s) => s.steps[0]!.label);
    expect(labels).toEqual(["[builder 2/2]", "[test 1/1]", "[stage-2 2/2]"]);
    expect(finalStageSteps("FROM scratch\nCOPY model.bin /\nWORKDIR /w\n").steps.map((s) => s.label)).toEqual([
      "[1/2]",
      "[2/2]",
    ]);
    const test = finalStageSteps(dockerfile, "test");
    expect(test.steps.map((s) => s.text)).toEqual(["RUN make test"]);
  });

  it("reads JSON-form COPY sources in a stage that starts from an earlier stage", () => {
    const stage = finalStageSteps('FROM debian:bookworm-slim AS base\nFROM base\nCOPY ["my app", "/srv/"]\n');
    expect(stage.steps.map((s) => [s.label, s.sources])).toEqual([["[stage-1 1/1]", ["my app"]]]);
  });

  it("has no steps, and no FROM line, for a target no stage is named", () => {
    expect(finalStageSteps("FROM python AS app\nRUN true\n", "App").steps).toHaveLength(1);
    expect(finalStageSteps("FROM python AS app\nRUN true\n", "missing")).toMatchObject({ fromLine: 0, steps: [] });
  });
});
