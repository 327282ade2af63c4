import { describe, expect, it } from "vitest";
import { exerciseChecksSchema } from "../../exercises/exercise-schema";
import { df } from "./check-fixture";
import { buildStaticContext } from "./static-context";

const context = (dockerfile: string) => buildStaticContext({ dockerfile, files: [], checks: exerciseChecksSchema.parse({}) });

describe("buildStaticContext", () => {
  it("builds stages with aliases, resolves FROM build args and links FROM <stage> to its parent", () => {
    const ctx = context(df`
      ARG PY=3.11
      FROM python:\${PY}-slim AS Base
      ENV APP_HOME=/srv
      FROM base AS final
      WORKDIR $APP_HOME/app
    `);
    expect(ctx.stages.map((s) => [s.name, s.image, s.from.line])).toEqual([["base", "python:3.11-slim", 2], ["final", "base", 4]]);
    expect(ctx.finalStage!.parent).toBe(ctx.stages[0]);
    expect(ctx.shippedStages).toEqual(ctx.stages);
    expect(ctx.stages[0]!.ref).toMatchObject({ repository: "python", tag: "3.11-slim" });
    const workdir = ctx.finalStage!.instructions[0]!;
    expect(ctx.expand(workdir.args, workdir)).toBe("/srv/app");
  });

  it("follows Docker's variable scoping: ENV over ARG, ARG without default takes the global default, PATH sees its old value", () => {
    const ctx = context(df`
      ARG MODE=prod
      FROM python:3.11-slim
      ARG MODE
      ARG LEVEL=1
      ENV LEVEL=2 PATH=/opt/venv/bin:$PATH
      ENV PATH=/x:$PATH
      RUN echo
    `);
    const run = ctx.instructions[ctx.instructions.length - 1]!;
    expect(ctx.variable("MODE", run)).toBe("prod");
    expect(ctx.variable("LEVEL", run)).toBe("2");
    expect(ctx.variable("PATH", run)).toBe("/x:/opt/venv/bin:$PATH");
    expect(ctx.variable("NOPE", run)).toBeUndefined();
  });

  it("marks an unresolvable FROM image and keeps scratch out of image refs", () => {
    const ctx = context("FROM $BASE\nFROM scratch\n");
    expect(ctx.stages[0]!.unresolved).toBe(true);
    expect(ctx.stages[1]!.scratch).toBe(true);
    expect(ctx.stages[1]!.ref).toBeUndefined();
  });

  it("tracks the working directory through relative WORKDIRs", () => {
    const ctx = context("FROM debian:bookworm-slim\nWORKDIR /srv\nWORKDIR app\nRUN pwd\n");
    expect(ctx.workdir(ctx.instructions[3]!)).toBe("/srv/app");
  });

  it("splits RUN lines into commands with Dockerfile line numbers, and parses heredocs only when a shell reads them", () => {
    const ctx = context(df`
      FROM python:3.11-slim
      RUN apt-get update \
          && apt-get install -y curl
      RUN <<EOF
      set -e
      pip install fastapi==0.110.0
      EOF
      RUN python3 <<PY
      import os; os.system("pip install evil")
      PY
      RUN ["sh", "-c", "cd /tmp && ls"]
    `);
    const runs = ctx.instructions.filter((i) => i.keyword === "RUN");
    expect(runs[0]!.commands.map((c) => [c.argv[0], c.argv[1], c.line])).toEqual([["apt-get", "update", 2], ["apt-get", "install", 3]]);
    expect(runs[1]!.commands.map((c) => [c.argv.join(" "), c.line])).toEqual([["set -e", 5], ["pip install fastapi==0.110.0", 6]]);
    expect(runs[2]!.commands.map((c) => c.argv)).toEqual([["python3"]]);
    expect(runs[3]!.exec).toEqual(["sh", "-c", "cd /tmp && ls"]);
    expect(runs[3]!.commands.map((c) => c.argv[0])).toEqual(["cd", "ls"]);
  });

  it("treats single-quoted JSON as shell form, like Docker", () => {
    const ctx = context("FROM python:3.11-slim\nCMD ['python', 'app.py']\nENTRYPOINT [\"python\"]\n");
    expect(ctx.instructions[1]!.exec).toBeUndefined();
    expect(ctx.instructions[2]!.exec).toEqual(["python"]);
  });
});
