import { describe, expect, it } from "vitest";
import { parseDockerfile } from "../../lib/dockerfile/model";
import { finalStageBase as fromModel } from "./final-stage-base";

const finalStageBase = (dockerfile: string) => fromModel(parseDockerfile(dockerfile));

describe("finalStageBase", () => {
  it("is the FROM image of a single-stage Dockerfile, with the implicit tag", () => {
    expect(finalStageBase("FROM python:3.11-slim\nCMD python\n")).toBe("python:3.11-slim");
    expect(finalStageBase("FROM debian\n")).toBe("debian:latest");
  });

  it("follows a final stage built on an earlier stage back to its image", () => {
    const dockerfile =
      "FROM python:3.11 AS build\nRUN true\nFROM python:3.11-slim AS base\nFROM " +
      "base AS final\nCOPY --from=build /x /x\n";
    expect(finalStageBase(dockerfile)).toBe("python:3.11-slim");
  });

  it("has no base for scratch or an ARG-named image", () => {
    expect(finalStageBase("FROM scratch\nCOPY x /x\n")).toBeUndefined();
    expect(finalStageBase("ARG BASE=python:3.11\nFROM $BASE\n")).toBeUndefined();
  });
});
