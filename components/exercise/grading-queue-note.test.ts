import { describe, expect, it } from "vitest";
import { queueStandingText } from "./grading-queue-note";

describe("queueStandingText", () => {
  it("says the place, the graders and an estimate with what it is based on", () => {
    expect(queueStandingText({ position: 3, slots: 1, typicalSeconds: 24, startsInSeconds: 60 })).toBe(
      "Number 3 in the queue (1 grading at a time): it starts in about 1 min. A grading takes about 25 s here lately.",
    );
    expect(queueStandingText({ position: 1, slots: 2, typicalSeconds: 200, startsInSeconds: 0 })).toBe(
      "Next in the queue (2 gradings at a time): it starts as soon as a grader picks it up. " +
        "A grading takes about 3 min here lately.",
    );
  });

  it("promises no time it cannot base on anything", () => {
    expect(queueStandingText({ position: 2, slots: 0, typicalSeconds: 30, startsInSeconds: null })).toBe(
      "Number 2 in the queue. No grader for it is online right now; it starts when one is.",
    );
    expect(queueStandingText({ position: 2, slots: 1, typicalSeconds: null, startsInSeconds: null })).toBe(
      "Number 2 in the queue (1 grading at a time).",
    );
  });
});
