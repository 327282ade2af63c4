import { describe, expect, it } from "vitest";
import { addressSubject, FORGET_MS, RULES, throttledMessage, waitSeconds } from "./sign-in-throttle";

const NOW = Date.parse("2026-12-17T09:00:00Z");

describe("the wait after failed sign-ins", () => {
  it("is none for the free failures, then doubles with each failure from the last one, up to 15 minutes", () => {
    const wait = (failures: number) => waitSeconds(RULES.account, { failures, lastMs: NOW }, NOW);
    expect([0, 4].map(wait)).toEqual([undefined, undefined]);
    expect([5, 6, 7, 8, 9, 10, 20].map(wait)).toEqual([30, 60, 120, 240, 480, 900, 900]);
    expect(waitSeconds(RULES.account, { failures: 6, lastMs: NOW - 45_000 }, NOW)).toBe(15);
    expect(waitSeconds(RULES.account, { failures: 6, lastMs: NOW - 60_000 }, NOW)).toBeUndefined();
    expect(waitSeconds(RULES.address, { failures: 29, lastMs: NOW }, NOW)).toBeUndefined();
    expect(waitSeconds(RULES.address, { failures: 30, lastMs: NOW }, NOW)).toBe(30);
  });

  it("is forgotten an hour after the last failure", () => {
    expect(waitSeconds(RULES.account, { failures: 50, lastMs: NOW - FORGET_MS }, NOW)).toBeUndefined();
  });

  it("is said in words, with the way on that never waits", () => {
    expect(throttledMessage("account", 30)).toMatch(/^Too many wrong passwords .* try again in 30 seconds\./);
    expect(throttledMessage("account", 900)).toContain("try again in 15 minutes");
    expect(throttledMessage("address", 60)).toMatch(/^Too many failed sign-ins, to many accounts, came from your/);
    for (const limit of ["account", "address"] as const) {
      expect(throttledMessage(limit, 30)).toContain("A browser you have signed in to this account from before");
    }
  });
});

describe("the address a failure counts against", () => {
  it("is an IPv4 address itself, an IPv6 one by its /64, and nothing when there is none", () => {
    expect(addressSubject("203.0.113.7")).toBe("203.0.113.7");
    expect(addressSubject("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(addressSubject("2001:db8:1:2:aaaa::1")).toBe("2001:0db8:0001:0002::/64");
    expect(addressSubject("2001:DB8:1:2:bbbb:cccc:dddd:eeee")).toBe("2001:0db8:0001:0002::/64");
    expect(addressSubject("2001:db8::1")).toBe("2001:0db8:0000:0000::/64");
    expect(addressSubject("::1")).toBe("0000:0000:0000:0000::/64");
    expect(addressSubject(undefined)).toBeUndefined();
    expect(addressSubject("not an address")).toBeUndefined();
  });
});
