import { describe, expect, it } from "vitest";
import { compareStepImages, shortId } from "./compare-step-images";
import { finalStageSteps } from "./final-stage-steps";

const steps = finalStageSteps("FROM python:3.11-slim\nWORKDIR /srv\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"python\"]\n").steps;
const id = (c: string) => `sha256:${c.repeat(64)}`;

describe("compareStepImages", () => {
  it("finds the first step whose image id changed and shows ids up to the install step", () => {
    const result = compareStepImages(steps, [id("a"), id("b"), id("c"), id("d")], [id("a"), id("e"), id("f"), id("g")], 2);
    expect(result.firstMiss).toBe(1);
    expect(result.evidence.split("\n")).toEqual([
      `step 2 WORKDIR /srv sha256:aaaaaaaaaaaa = sha256:aaaaaaaaaaaa (reused)`,
      `step 3 COPY . . sha256:bbbbbbbbbbbb ≠ sha256:eeeeeeeeeeee (rebuilt)`,
      `step 4 RUN pip install -r requirements.txt sha256:cccccccccccc ≠ sha256:ffffffffffff (rebuilt)`,
    ]);
  });

  it("reports no miss when every id matches, and counts a missing id as a miss", () => {
    expect(compareStepImages(steps, [id("a"), id("b")], [id("a"), id("b")], 1).firstMiss).toBe(2);
    const all = [id("a"), id("b"), id("c"), id("d")];
    expect(compareStepImages(steps, all, all, 3).firstMiss).toBeUndefined();
  });

  it("shortens ids the way docker images does", () => {
    expect(shortId(id("f"))).toBe("sha256:ffffffffffff");
    expect(shortId(undefined)).toBe("(no image)");
  });
});
