import { describe, expect, it } from "vitest";
import { parseDockerfile } from "../../lib/dockerfile/model";
import { findBaseImages as fromModel } from "./find-base-images";

const findBaseImages = (dockerfile: string) => fromModel(parseDockerfile(dockerfile));

describe("findBaseImages", () => {
  it("lists external bases with their lines, not stage names or scratch", () => {
    const dockerfile =
      "FROM python:3.11 AS build\nRUN true\nFROM build AS test\nFROM scratch\nFROM localhost:5000/team/base\n";
    expect(findBaseImages(dockerfile)).toEqual([
      { image: "python:3.11", line: 1 },
      { image: "localhost:5000/team/base:latest", line: 5 },
    ]);
  });

  it("skips images built from ARG values", () => {
    expect(findBaseImages("ARG V=3.11\nFROM python:${V}-slim\n")).toEqual([]);
  });
});
