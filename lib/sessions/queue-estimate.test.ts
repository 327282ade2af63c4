import { describe, expect, it } from "vitest";
import { estimateWaitSeconds } from "./queue-estimate";

const now = new Date("2026-12-21T10:00:00Z");
const at = (secondsAgo: number) => new Date(now.getTime() - secondsAgo * 1000);
const opened = (createdAgo: number, openedAgo: number) => ({ createdAt: at(createdAgo), openedAt: at(openedAgo) });

describe("estimateWaitSeconds", () => {
  it("has nothing to say before any session opened", () => {
    expect(estimateWaitSeconds(3, [], now)).toBeUndefined();
  });

  it("goes by the pace of the last two minutes' opens while the queue moves", () => {
    // Six opened over the last 30 s: one each 5 s, so the fourth in line waits about 20 s.
    const recent = [30, 25, 20, 15, 10, 5].map((ago) => opened(60, ago));
    expect(estimateWaitSeconds(4, recent, now)).toBe(20);
    expect(estimateWaitSeconds(1, recent, now)).toBe(5);
  });

  it("never takes two opens a moment apart for a rate", () => {
    expect(estimateWaitSeconds(2, [opened(20, 1), opened(20, 0)], now)).toBe(10);
  });

  it("before the queue moves, goes by the median wait of the last labs to open, one after another", () => {
    const earlier = [opened(600, 590), opened(900, 870), opened(1200, 1185)];
    // Waits 10, 30 and 15 s: median 15 s, so the third in line waits about 45 s.
    expect(estimateWaitSeconds(3, earlier, now)).toBe(45);
  });
});
