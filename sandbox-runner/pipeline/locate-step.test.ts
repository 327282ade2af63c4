import { describe, expect, it } from "vitest";
import { locateStep } from "./locate-step";

describe("locateStep", () => {
  const dockerfile = "# base\nARG V=3.11\nFROM python:${V}-slim\n\nRUN apt-get update && \\\n    apt-get install -y gcc\nCOPY . /app\n";

  it("maps step numbers to instruction lines, skipping comments and blanks", () => {
    expect(locateStep(dockerfile, 1)).toEqual({ line: 2, instruction: "ARG V=3.11" });
    expect(locateStep(dockerfile, 3)).toEqual({ line: 5, instruction: "RUN apt-get update && \\" });
    expect(locateStep(dockerfile, 4)).toEqual({ line: 7, instruction: "COPY . /app" });
  });

  it("returns nothing for a step beyond the file", () => {
    expect(locateStep(dockerfile, 9)).toBeUndefined();
  });
});
