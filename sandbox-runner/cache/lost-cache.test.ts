import type Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { parseDockerfile } from "../../lib/dockerfile/model";
import { PlatformFault } from "../core/lib";
import type { BuildStepRecord } from "../docker/buildkit-progress";
import { finalStageSteps } from "./final-stage-steps";
import { lostCacheStep } from "./lost-cache";
import { runCacheChecks } from "./run-cache-checks";

const GOOD =
  "FROM python:3.11-slim\nRUN useradd app\nWORKDIR /srv\nCOPY requirements.txt .\n" +
  'RUN pip install -r requirements.txt\nCOPY train/ ./train/\nCMD ["python", "-m", "train"]\n';

/** BuildKit's records of a rebuild of GOOD's six steps: which of steps 2..6 it reused. */
function records(cached: boolean[]): BuildStepRecord[] {
  return cached.map((hit, i) => ({
    number: i + 1,
    digest: `sha256:${i}`,
    name: `[${i + 2}/6] step`,
    stage: "",
    index: i + 2,
    total: 6,
    cached: hit,
    started: "2026-11-28T19:40:00Z",
  }));
}

const stage = (dockerfile: string) => finalStageSteps(parseDockerfile(dockerfile));

describe("lostCacheStep", () => {
  it("names a step that ran again although the edit cannot reach it or anything before it", () => {
    const lost = lostCacheStep(stage(GOOD), records([false, false, false, false, false]), "train/train.py");
    expect(lost?.label).toBe("[2/6]");
    // The manifest edit reaches COPY requirements.txt: steps before it still had to be reused.
    expect(lostCacheStep(stage(GOOD), records([true, false, false, false, false]), "requirements.txt")?.label).toBe(
      "[3/6]",
    );
  });

  it("blames nothing when the first step that ran is one the edit reaches: that is the Dockerfile's doing", () => {
    const codeFirst = "FROM python:3.11-slim\nWORKDIR /srv\nCOPY . .\nRUN pip install -r requirements.txt\n";
    expect(lostCacheStep(stage(codeFirst), records([true, false, false]), "train/train.py")).toBeUndefined();
    expect(lostCacheStep(stage(GOOD), records([true, true, true, true, false]), "train/train.py")).toBeUndefined();
    // A RUN that bind-mounts the context, or copies from a stage or an image, can see the edit.
    const mounted = "FROM python:3.11-slim\nRUN --mount=target=/src cp -r /src /app\nRUN echo later\n";
    expect(lostCacheStep(stage(mounted), records([false, false]), "train/train.py")).toBeUndefined();
    const fromStage = "FROM python:3.11-slim AS base\nCOPY train/ /t/\nFROM base\nRUN echo x\n";
    expect(lostCacheStep(stage(fromStage), records([false]), "train/train.py")).toBeUndefined();
  });
});

describe("the cache phase when the engine kept no cache of the first build", () => {
  const input = (outcomes: BuildStepRecord[][]) => {
    const edits: string[] = [];
    return {
      edits,
      input: {
        docker: { getImage: () => ({ inspect: async () => Promise.reject({ statusCode: 404 }) }) } as unknown as Docker,
        dockerfile: parseDockerfile(GOOD),
        files: [
          { path: "Dockerfile", content: GOOD },
          { path: "requirements.txt", content: "numpy==1.24.2\n" },
          { path: "train/train.py", content: "print('training')\n" },
        ],
        params: { mutate: "train/train.py", manifest: "requirements.txt", installMarker: "pip install" },
        firstImageId: "sha256:first",
        rebuild: async (files: { path: string; content: string }[]) => {
          edits.push(files.find((f) => f.path === "train/train.py")!.content);
          return { kind: "built" as const, imageId: "sha256:re", steps: outcomes.shift() ?? records([]) };
        },
        log: () => undefined,
      },
    };
  };

  it("measures again with a fresh edit, against the first attempt, and grades that", async () => {
    const { input: cacheInput, edits } = input([
      records([false, false, false, false, false]),
      records([true, true, true, true, false]),
      records([true, true, true, false, false]),
    ]);
    const report = await runCacheChecks(cacheInput as never);
    expect(report.checks.map((c) => c.status)).toEqual(["pass", "pass", "pass"]);
    // Two code rebuilds, each with an edit of its own, then the manifest rebuild (train.py as written).
    expect(edits).toHaveLength(3);
    expect(new Set(edits).size).toBe(3);
  });

  it("is the grader's fault, never a failed check, when the second attempt reuses nothing either", async () => {
    const lost = records([false, false, false, false, false]);
    const { input: cacheInput } = input([lost, lost]);
    await expect(runCacheChecks(cacheInput as never)).rejects.toBeInstanceOf(PlatformFault);
  });
});
