import { describe, expect, it } from "vitest";
import { formatAbsoluteTime, formatRelativeTime } from "./relative-time";

const now = new Date("2026-03-14T12:00:00Z");
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe("formatRelativeTime", () => {
  it("names the largest whole unit", () => {
    expect(formatRelativeTime(ago(10), now)).toBe("just now");
    expect(formatRelativeTime(ago(50), now)).toBe("1 minute ago");
    expect(formatRelativeTime(ago(3 * 60 + 20), now)).toBe("3 minutes ago");
    expect(formatRelativeTime(ago(2 * 3600), now)).toBe("2 hours ago");
    expect(formatRelativeTime(ago(26 * 3600), now)).toBe("yesterday");
    expect(formatRelativeTime(ago(15 * 24 * 3600), now)).toBe("2 weeks ago");
    expect(formatRelativeTime(ago(400 * 24 * 3600), now)).toBe("last year");
  });

  it("reads a moment slightly ahead of the clock (another machine's) as now", () => {
    expect(formatRelativeTime(ago(-5), now)).toBe("just now");
  });
});

describe("formatAbsoluteTime", () => {
  it("gives date and time in UTC, whatever the server's zone", () => {
    expect(formatAbsoluteTime(new Date("2026-03-14T09:05:03Z"))).toBe("14 Mar 2026, 09:05:03 UTC");
  });
});
