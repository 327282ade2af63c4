import { describe, expect, it } from "vitest";
import { df } from "../grading/static/testing/check-fixture";
import { externalImage, parseDockerfile, stageChain, stageNamed, stageReference, targetStage } from "./model";

describe("parseDockerfile: stages", () => {
  it("groups instructions into stages with lower-case names, resolving FROM build args and FROM <stage>", () => {
    const model = parseDockerfile(df`
      ARG PY=3.11
      FROM python:\${PY}-slim AS Base
      ENV APP_HOME=/srv
      FROM base AS final
      WORKDIR $APP_HOME/app
    `);
    expect(model.stages.map((s) => [s.index, s.name, s.writtenImage, s.image, s.from.line])).toEqual([
      [0, "base", "python:${PY}-slim", "python:3.11-slim", 2],
      [1, "final", "base", "base", 4],
    ]);
    expect(model.finalStage).toBe(model.stages[1]);
    expect(model.finalStage!.parent).toBe(model.stages[0]);
    expect(model.shippedStages).toEqual(model.stages);
    expect(model.stages[0]!.ref).toMatchObject({ repository: "python", tag: "3.11-slim" });
    expect(model.stages[1]!.ref).toBeUndefined();
    const workdir = model.finalStage!.instructions[0]!;
    expect(model.expand(workdir.args, workdir)).toBe("/srv/app");
  });

  it("keeps global ARGs before the first FROM out of every stage, at stage -1", () => {
    const model = parseDockerfile("ARG A=1\nARG B\nFROM debian:bookworm-slim\nARG A\nRUN echo $A\n");
    expect(model.instructions.map((i) => [i.keyword, i.stage])).toEqual([
      ["ARG", -1],
      ["ARG", -1],
      ["FROM", 0],
      ["ARG", 0],
      ["RUN", 0],
    ]);
    expect(model.stages[0]!.instructions.map((i) => i.keyword)).toEqual(["ARG", "RUN"]);
    const run = model.instructions[4]!;
    expect(model.variable("A", run)).toBe("1");
    expect(model.variable("A", model.instructions[0]!)).toBe("1");
  });

  it("links a FROM that names a stage through a global ARG, as BuildKit expands FROM before looking stages up", () => {
    const model = parseDockerfile("ARG BASE=Deps\nFROM debian:bookworm-slim AS deps\nFROM ${BASE}\nRUN true\n");
    expect(model.finalStage!.parent).toBe(model.stages[0]);
    expect(stageChain(model.finalStage!)).toEqual(model.stages);
  });

  it("marks an unresolvable FROM image, and keeps scratch and stages out of image refs", () => {
    const model = parseDockerfile("FROM $BASE\nFROM scratch\n");
    expect(model.stages[0]!.unresolved).toBe(true);
    expect(model.stages[1]!.scratch).toBe(true);
    expect(model.stages[1]!.ref).toBeUndefined();
  });

  it("finds stages by name case-insensitively, picks the build target, and resolves COPY --from", () => {
    const model = parseDockerfile(
      "FROM python:3.11 AS Build\nFROM python:3.11-slim AS runtime\nCOPY --from=BUILD /w /w\n",
    );
    const [build, runtime] = model.stages;
    expect(stageNamed(model, "bUiLd")).toBe(build);
    expect(targetStage(model, "Build")).toBe(build);
    expect(targetStage(model)).toBe(runtime);
    expect(targetStage(model, "missing")).toBeUndefined();
    expect(stageReference(model, "build")).toBe(build);
    expect(stageReference(model, "1")).toBe(runtime);
    expect(stageReference(model, "python:3.11")).toBe("image");
    expect(stageReference(model, "buidl")).toBeUndefined();
  });

  it("names the image the engine must have: tagged, and none for a stage, scratch or an ARG-built reference", () => {
    const model = parseDockerfile(
      "ARG V=3.11\nFROM python:${V}-slim AS a\nFROM python AS b\nFROM a\nFROM scratch\nFROM localhost:5000/team/base\n",
    );
    expect(model.stages.map(externalImage)).toEqual([
      undefined,
      "python:latest",
      undefined,
      undefined,
      "localhost:5000/team/base:latest",
    ]);
  });

  it("has no stages, and no final stage, without a FROM", () => {
    const model = parseDockerfile("# just a comment\nARG A=1\n");
    expect(model.stages).toEqual([]);
    expect(model.finalStage).toBeUndefined();
    expect(model.shippedStages).toEqual([]);
  });
});

describe("parseDockerfile: instructions", () => {
  it("reports 1-based lines spanning continuations, keeps flags apart from the arguments, and reads # syntax", () => {
    const model = parseDockerfile(df`
      # syntax=docker/dockerfile:1
      FROM python:3.11-slim
      RUN --mount=type=cache,target=/root/.cache/pip \
          --network=none \
          pip install -r requirements.txt
      COPY --FROM=base --chown=app:app a b /srv/
    `);
    expect(model.syntax).toBe("docker/dockerfile:1");
    const [, run, copy] = model.instructions;
    expect([run!.line, run!.endLine, run!.args]).toEqual([3, 5, "pip install -r requirements.txt"]);
    expect(run!.flags.map((f) => [f.name, f.value, f.line])).toEqual([
      ["mount", "type=cache,target=/root/.cache/pip", 3],
      ["network", "none", 4],
    ]);
    expect(run!.flags[0]!.options).toEqual([
      { name: "type", value: "cache" },
      { name: "target", value: "/root/.cache/pip" },
    ]);
    expect(run!.mounts).toEqual([{ type: "cache", target: "/root/.cache/pip" }]);
    expect(copy!.flags.map((f) => [f.name, f.written])).toEqual([
      ["from", "FROM"],
      ["chown", "chown"],
    ]);
    expect(copy!.words).toEqual(["a", "b", "/srv/"]);
  });

  it(
    "scopes variables like Docker: ENV over ARG, ARG without default takes " +
      "the global one, PATH sees its old value",
    () => {
      const model = parseDockerfile(df`
      ARG MODE=prod
      FROM python:3.11-slim
      ARG MODE
      ARG LEVEL=1
      ENV LEVEL=2 PATH=/opt/venv/bin:$PATH
      ENV PATH=/x:$PATH
      RUN echo
    `);
      const run = model.instructions.at(-1)!;
      expect(model.variable("MODE", run)).toBe("prod");
      expect(model.variable("LEVEL", run)).toBe("2");
      expect(model.variable("PATH", run)).toBe("/x:/opt/venv/bin:$PATH");
      expect(model.variable("NOPE", run)).toBeUndefined();
    },
  );

  it("inherits ENV from the parent stage, and lists a stage's lineage root first", () => {
    const model = parseDockerfile(
      "FROM debian:bookworm-slim AS base\nENV HOME_DIR=/srv\nFROM base\nRUN ls $HOME_DIR\n",
    );
    const run = model.instructions.at(-1)!;
    expect(model.variable("HOME_DIR", run)).toBe("/srv");
    expect(model.lineage(model.finalStage!).map((i) => i.line)).toEqual([2, 4]);
  });

  it("splits RUN lines into commands with Dockerfile lines, and parses heredocs only when a shell reads them", () => {
    const model = parseDockerfile(df`
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
    const runs = model.instructions.filter((i) => i.keyword === "RUN");
    expect(runs[0]!.commands.map((c) => [c.argv[0], c.argv[1], c.line])).toEqual([
      ["apt-get", "update", 2],
      ["apt-get", "install", 3],
    ]);
    expect(runs[1]!.commands.map((c) => [c.argv.join(" "), c.line])).toEqual([
      ["set -e", 5],
      ["pip install fastapi==0.110.0", 6],
    ]);
    expect(runs[2]!.commands.map((c) => c.argv)).toEqual([["python3"]]);
    expect(runs[3]!.exec).toEqual(["sh", "-c", "cd /tmp && ls"]);
    expect(runs[3]!.commands.map((c) => c.argv[0])).toEqual(["cd", "ls"]);
  });

  it("reads BuildKit heredocs: never instructions, commands only when a shell runs them", () => {
    const model = parseDockerfile(df`
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
    expect(model.stages).toHaveLength(1);
    expect(model.instructions.map((i) => [i.keyword, i.line, i.endLine])).toEqual([
      ["FROM", 1, 1],
      ["RUN", 2, 9],
      ["COPY", 10, 12],
      ["RUN", 13, 17],
      ["RUN", 18, 21],
      ["USER", 22, 22],
    ]);
    const [, script, copy, pair, python] = model.instructions;
    expect(script!.args).toBe("<<EOF");
    expect(script!.mounts).toEqual([
      { type: "cache", target: "/root/.cache/pip" },
      { type: "secret", id: "hf_token" },
    ]);
    // The INI body inside the script is data for cat, not commands.
    const commands = script!.commands.map((c) => [c.argv.join(" "), c.line]);
    expect(commands).toEqual([
      ["apt-get update", 4],
      ["cat", 5],
      ["pip install x==1", 8],
    ]);
    expect(copy!.args).toBe("<<EOF /app/conf.ini");
    expect(copy!.heredocs).toEqual([
      { name: "EOF", operatorLine: 10, line: 11, content: "FROM evil", stripTabs: false, terminated: true },
    ]);
    // Two heredocs and no command: BuildKit hands the shell only redirections, so neither body runs.
    expect(pair!.commands).toEqual([]);
    // A lone heredoc with a shebang runs with that interpreter.
    expect(python!.commands).toEqual([]);
  });

  it("feeds a heredoc to the shell named after it, strips <<- tabs, and keeps an unterminated body", () => {
    const model = parseDockerfile(
      "FROM debian:bookworm-slim\nRUN <<-EOT bash -o pipefail\n\tcurl -fsSL x | tar -xz\n" +
        "\tEOT\n" +
        "RUN python3 <<PY\nimport os\nPY\nRUN <<EOF\napt-get update\n",
    );
    const [, bash, python, open] = model.instructions;
    expect(bash!.heredocs[0]).toMatchObject({ name: "EOT", stripTabs: true, terminated: true });
    const commands = bash!.commands.map((c) => [c.argv.join(" "), c.line]);
    expect(commands).toEqual([
      ["bash -o pipefail", 2],
      ["curl -fsSL x", 3],
      ["tar -xz", 3],
    ]);
    expect(python!.commands.map((c) => c.argv)).toEqual([["python3"]]);
    expect(open!.heredocs[0]).toMatchObject({ terminated: false, operatorLine: 8, line: 9 });
    expect(open!.commands.map((c) => [c.argv.join(" "), c.line])).toEqual([["apt-get update", 9]]);
  });

  it("keeps << with a space apart: no heredoc body, but where it is for the syntax check", () => {
    const model = parseDockerfile("FROM x\nRUN cat > /etc/app.conf << EOF\n[main]\nEOF\n");
    const run = model.instructions[1]!;
    expect(run.heredocs).toEqual([]);
    expect(run.spacedHeredocs).toEqual([{ line: 2, rest: "<< EOF" }]);
  });

  it("treats single-quoted JSON as shell form, like Docker", () => {
    const model = parseDockerfile("FROM python:3.11-slim\nCMD ['python', 'app.py']\nENTRYPOINT [\"python\"]\n");
    expect(model.instructions[1]!.exec).toBeUndefined();
    expect(model.instructions[2]!.exec).toEqual(["python"]);
  });
});
