import { describe, expect, it } from "vitest";
import { parseDockerfile } from "../grading/lib";
import { firstGraderImageRead } from "./grader-images";

const read = (source: string) => firstGraderImageRead(parseDockerfile(source));

describe("firstGraderImageRead", () => {
  it("lets a Dockerfile read the base images and its own stages", () => {
    expect(
      read(
        "FROM python:3.11 AS builder\nRUN --mount=type=cache,target=/root/.cache/pip pip wheel x\n" +
          "FROM dockyard/cuda:11.8-runtime-python3.11-bookworm\nCOPY --from=builder /w /w\n" +
          "RUN --mount=type=bind,from=builder,source=/w,target=/w ls /w\n" +
          "COPY --from=python:3.11-slim /etc/os-release /\n",
      ),
    ).toBeUndefined();
  });

  it("refuses another submission's kept image in FROM, however the name is written", () => {
    for (const image of [
      "dockyard-sub-abc",
      "dockyard-sub-abc:latest",
      "docker.io/library/dockyard-sub-abc",
      "index.docker.io/library/dockyard-sub-abc@sha256:0000",
      "dockyard-cache-probe-1-install",
    ]) {
      expect(read(`FROM ${image}\nRUN true\n`), image).toMatchObject({ image, line: 1, how: "FROM" });
    }
    expect(read("ARG BASE=dockyard-sub-abc\nFROM $BASE\n")).toMatchObject({ image: "dockyard-sub-abc", line: 2 });
  });

  it("refuses it in COPY --from and in a RUN mount's from=, on continued lines too", () => {
    expect(read("FROM python:3.11-slim\nCOPY --from=dockyard-sub-abc /app /app\n")).toMatchObject({
      how: "COPY --from",
      line: 2,
      image: "dockyard-sub-abc",
    });
    expect(read("FROM python:3.11-slim\nARG OTHER=dockyard-sub-abc\nCOPY --from=${OTHER} /app /app\n")).toMatchObject({
      how: "COPY --from",
      image: "dockyard-sub-abc",
    });
    for (const type of ["bind", "cache"]) {
      const mount = `--mount=type=${type},from=dockyard-sub-abc,target=/o`;
      const source = `FROM python:3.11-slim\nRUN \\\n  ${mount} \\\n  cat /o/x\n`;
      expect(read(source), type).toMatchObject({ how: "RUN --mount from=", line: 2, image: "dockyard-sub-abc" });
    }
  });

  it("leaves a stage that happens to have such a name alone", () => {
    expect(
      read("FROM python:3.11-slim AS dockyard-sub-abc\nFROM python:3.11-slim\nCOPY --from=dockyard-sub-abc /a /a\n"),
    ).toBeUndefined();
  });
});
