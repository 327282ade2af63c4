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

  it("reads BuildKit heredocs with dockerfile-ast: never instructions, commands only when a shell runs them", () => {
    const ctx = context(df`
      FROM python:3.11-slim
      RUN --mount=type=cache,dst=/root/.cache/pip \
          --mount=type=secret,id=hf_token <<EOF
      apt-get update
      cat > /etc/app.ini <<INI
      apt-get install nothing
      INI
      pip install x==1
      EOF
      COPY --chmod=644 <<EOF /app/conf.ini
      FROM evil
      EOF
      RUN <<A <<B
      pip install never-run
      A
      pip install never-run
      B
      RUN <<EOF
      #!/usr/bin/env python3
      import os
      EOF
      USER app
    `);
    expect(ctx.stages).toHaveLength(1);
    expect(ctx.instructions.map((i) => [i.keyword, i.line, i.endLine])).toEqual([
      ["FROM", 1, 1], ["RUN", 2, 9], ["COPY", 10, 12], ["RUN", 13, 17], ["RUN", 18, 21], ["USER", 22, 22],
    ]);
    const [, script, copy, pair, python] = ctx.instructions;
    expect(script!.args).toBe("<<EOF");
    expect(script!.mounts).toEqual([{ type: "cache", target: "/root/.cache/pip" }, { type: "secret", id: "hf_token" }]);
    // The INI body inside the script is data for cat, not commands.
    const commands = script!.commands.map((c) => [c.argv.join(" "), c.line]);
    expect(commands).toEqual([["apt-get update", 4], ["cat", 5], ["pip install x==1", 8]]);
    expect(copy!.args).toBe("<<EOF /app/conf.ini");
    expect(copy!.heredocs).toEqual([
      { name: "EOF", line: 11, content: "FROM evil", stripTabs: false, terminated: true },
    ]);
    // Two heredocs and no command: BuildKit hands the shell only redirections, so neither body runs.
    expect(pair!.commands).toEqual([]);
    // A lone heredoc with a shebang runs with that interpreter.
    expect(python!.commands).toEqual([]);
  });

  it("feeds a heredoc to the shell named after it, strips <<- tabs, and keeps an unterminated body", () => {
    const ctx = context("FROM debian:bookworm-slim\nRUN <<-EOT bash -o pipefail\n\tcurl -fsSL x | tar -xz\n\tEOT\n"
      + "RUN python3 <<PY\nimport os\nPY\nRUN <<EOF\napt-get update\n");
    const [, bash, python, open] = ctx.instructions;
    expect(bash!.heredocs[0]).toMatchObject({ name: "EOT", stripTabs: true, terminated: true });
    const commands = bash!.commands.map((c) => [c.argv.join(" "), c.line]);
    expect(commands).toEqual([["bash -o pipefail", 2], ["curl -fsSL x", 3], ["tar -xz", 3]]);
    expect(python!.commands.map((c) => c.argv)).toEqual([["python3"]]);
    expect(open!.heredocs[0]).toMatchObject({ terminated: false, line: 9 });
    expect(open!.commands.map((c) => [c.argv.join(" "), c.line])).toEqual([["apt-get update", 9]]);
  });

  it("treats single-quoted JSON as shell form, like Docker", () => {
    const ctx = context("FROM python:3.11-slim\nCMD ['python', 'app.py']\nENTRYPOINT [\"python\"]\n");
    expect(ctx.instructions[1]!.exec).toBeUndefined();
    expect(ctx.instructions[2]!.exec).toEqual(["python"]);
  });
});
