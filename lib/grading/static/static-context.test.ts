import { describe, expect, it } from "vitest";
import { parseDockerfile } from "../../dockerfile/model";
import { exerciseChecksSchema } from "../../exercises/exercise-schema";
import { buildStaticContext } from "./static-context";

const checks = exerciseChecksSchema.parse({});
const context = (dockerfile: string) => buildStaticContext({ dockerfile, files: [], checks });

// The Dockerfile itself (stages, variables, heredocs, commands) is tested with its model in lib/dockerfile.
describe("buildStaticContext", () => {
  it("tracks the working directory through relative WORKDIRs, variables and parent stages", () => {
    const ctx = context("FROM debian:bookworm-slim\nWORKDIR /srv\nWORKDIR app\nRUN pwd\n");
    expect(ctx.workdir(ctx.instructions[3]!)).toBe("/srv/app");
    const staged = context(
      "FROM debian:bookworm-slim AS base\nENV D=/opt\nWORKDIR $D\nFROM base\nWORKDIR x\nRUN pwd\n",
    );
    expect(staged.workdir(staged.instructions.at(-1)!)).toBe("/opt/x");
    expect(staged.workdir(staged.instructions[0]!)).toBe("/");
  });

  it("reads the model the runner parsed instead of parsing again, and keys files by normalized path", () => {
    const model = parseDockerfile("FROM python:3.11-slim\n");
    const ctx = buildStaticContext({ dockerfile: model, files: [{ path: "./app/main.py", content: "x" }], checks });
    expect(ctx.stages).toBe(model.stages);
    expect([...ctx.files.keys()]).toEqual(["app/main.py"]);
  });
});
