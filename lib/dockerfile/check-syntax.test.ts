import { describe, expect, it } from "vitest";
import { checkDockerfileSyntax } from "./check-syntax";

describe("checkDockerfileSyntax", () => {
  it("accepts a normal Dockerfile, ARG before FROM included", () => {
    expect(() => checkDockerfileSyntax("ARG V=3.11\nFROM python:${V}-slim\n# comment\nRUN echo hi\nCMD [\"python\"]\n")).not.toThrow();
  });

  it("names the line and suggests the instruction for a typo", () => {
    expect(() => checkDockerfileSyntax("FROM python:3.11-slim\n\nRUN echo hi\nCOPPY . /app\n")).toThrow(
      'Dockerfile:4: "COPPY" is not a Dockerfile instruction. Did you mean COPY?',
    );
  });

  it("explains an empty file and a file without FROM first", () => {
    expect(() => checkDockerfileSyntax("  \n")).toThrow(/empty. Start it with a FROM line/);
    expect(() => checkDockerfileSyntax("RUN echo hi\nFROM x\n")).toThrow(/Dockerfile:1: the first instruction must be FROM/);
  });
});
