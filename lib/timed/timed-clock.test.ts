import { describe, expect, it } from "vitest";
import {
  allowedSeconds,
  countsInWindow,
  dueAnnouncement,
  formatDuration,
  secondsLeft,
  secondsUsed,
  TIMED_GRACE_SECONDS,
  windowEndsAt,
  windowState,
} from "./timed-clock";
import { countedTimes, countedWork } from "./timed-scoring";

const START = new Date("2026-12-01T09:00:00Z");
const secondsIn = (seconds: number) => new Date(START.getTime() + seconds * 1000);
const window = { startedAt: START, endsAt: secondsIn(30 * 60), closedAt: null };

describe("how long a window lasts", () => {
  it("is the limit, plus the percentage of it, plus the minutes", () => {
    expect(allowedSeconds(30)).toBe(1800);
    expect(allowedSeconds(30, { extraPercent: 50, extraMinutes: 0 })).toBe(2700);
    expect(allowedSeconds(30, { extraPercent: 50, extraMinutes: 10 })).toBe(3300);
    expect(allowedSeconds(7, { extraPercent: 25, extraMinutes: 0 })).toBe(525);
    expect(windowEndsAt(START, 30, { extraPercent: 0, extraMinutes: 5 })).toEqual(secondsIn(35 * 60));
  });
});

describe("the state of a window", () => {
  it("is not started without one, running until its end, finished from it", () => {
    expect(windowState(null, START)).toBe("not-started");
    expect(windowState(window, secondsIn(0))).toBe("running");
    expect(windowState(window, secondsIn(30 * 60 - 1))).toBe("running");
    expect(windowState(window, secondsIn(30 * 60))).toBe("finished");
  });

  it("ends when the learner closed it, before its end", () => {
    const closed = { ...window, closedAt: secondsIn(600) };
    expect(windowState(closed, secondsIn(599))).toBe("running");
    expect(windowState(closed, secondsIn(600))).toBe("finished");
    expect(secondsUsed(closed, secondsIn(5000))).toBe(600);
  });

  it("says the time used and left, never below zero", () => {
    expect(secondsUsed(window, secondsIn(125))).toBe(125);
    expect(secondsUsed(window, secondsIn(99_999))).toBe(1800);
    expect(secondsLeft(window, secondsIn(125))).toBe(1675);
    expect(secondsLeft(window, secondsIn(99_999))).toBe(0);
  });
});

describe("what counts in a window", () => {
  it("takes work from the start to the end plus the grace for a submission in flight", () => {
    expect(countsInWindow(window, secondsIn(-1))).toBe(false);
    expect(countsInWindow(window, secondsIn(0))).toBe(true);
    expect(countsInWindow(window, secondsIn(30 * 60 + TIMED_GRACE_SECONDS))).toBe(true);
    expect(countsInWindow(window, secondsIn(30 * 60 + TIMED_GRACE_SECONDS + 1))).toBe(false);
  });

  it("gives no grace after the learner closed it: a quiz is handed in once", () => {
    const closed = { ...window, closedAt: secondsIn(600) };
    expect(countsInWindow(closed, secondsIn(600))).toBe(true);
    expect(countsInWindow(closed, secondsIn(601))).toBe(false);
  });

  it("counts only the window's work of a timed assignment, as at its start; everything of an untimed one", () => {
    const work = [
      { at: secondsIn(-60), score: 1 },
      { at: secondsIn(60), score: 0.5 },
      { at: secondsIn(3600), score: 1 },
    ];
    expect(countedWork({ timed: false }, work)).toEqual(work);
    expect(countedWork({ timed: true, window: null }, work)).toEqual([]);
    expect(countedWork({ timed: true, window }, work)).toEqual([{ at: START, score: 0.5 }]);
    expect(countedTimes({ timed: true, window }, [secondsIn(-1), secondsIn(10), secondsIn(20)])).toEqual([
      START,
      START,
    ]);
  });
});

describe("the countdown's words", () => {
  it("announces each of 10, 5 and 1 minutes once, and only the nearest when opened late", () => {
    const said = new Set<number>();
    const say = (left: number) => {
      const mark = dueAnnouncement(left, said);
      if (mark !== null) said.add(mark);
      return mark;
    };
    expect(say(15 * 60)).toBeNull();
    expect(say(10 * 60)).toBe(10);
    expect(say(9 * 60)).toBeNull();
    expect(say(4 * 60)).toBe(5);
    expect(say(60)).toBe(1);
    expect(say(30)).toBeNull();
    expect(say(0)).toBeNull();
    expect(dueAnnouncement(4 * 60, new Set())).toBe(5);
  });

  it("writes durations short", () => {
    expect(formatDuration(3900)).toBe("1 h 05 min");
    expect(formatDuration(750)).toBe("12 min 30 s");
    expect(formatDuration(45)).toBe("45 s");
  });
});
