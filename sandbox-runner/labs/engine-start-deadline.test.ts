import { describe, expect, it } from "vitest";
import { EngineStartDeadline } from "./engine-start-deadline";

describe("EngineStartDeadline", () => {
  const limits = { stallMs: 30_000, ceilingMs: 300_000 };

  it("waits past 30 s for an engine whose processes keep working (a busy host)", () => {
    const deadline = new EngineStartDeadline(0, limits);
    for (let t = 0; t <= 120_000; t += 5000) expect(deadline.check(t, `1,2:${t / 100}`)).toBeUndefined();
  });

  it("calls an engine hung once its processes did no work for the stall time", () => {
    const deadline = new EngineStartDeadline(0, limits);
    expect(deadline.check(10_000, "1,2:40")).toBeUndefined();
    expect(deadline.check(40_000, "1,2:40")).toBeUndefined();
    expect(deadline.check(40_001, "1,2:40")).toMatch(/did no work for 30 s/);
  });

  it("counts processes coming and going as progress", () => {
    const deadline = new EngineStartDeadline(0, limits);
    expect(deadline.check(0, "1:5")).toBeUndefined();
    expect(deadline.check(29_000, "1,3:5")).toBeUndefined();
    expect(deadline.check(58_000, "1,3:5")).toBeUndefined();
  });

  it("gives up past the ceiling whatever the processes do", () => {
    const deadline = new EngineStartDeadline(0, limits);
    expect(deadline.check(300_001, "1:999")).toMatch(/within 300 s/);
  });
});
