import { describe, expect, it } from "vitest";
import {
  DEVICE_COOKIE_DAYS,
  deviceCookieKey,
  deviceCookieName,
  deviceCookiesToDrop,
  issueDeviceCookie,
  MAX_DEVICE_COOKIES,
  trustedNonce,
} from "./device-cookie";

const key = deviceCookieKey("test-secret-test-secret-test-secret-0123456789");
const NOW = Date.parse("2026-12-17T09:00:00Z");
const header = (...cookies: { name: string; value: string }[]) => cookies.map((c) => `${c.name}=${c.value}`).join("; ");

describe("device cookies", () => {
  it("trust the browser that holds the account's cookie, whatever case the address is typed in", () => {
    const cookie = issueDeviceCookie(key, "Ada@Example.test", false, NOW);
    expect(trustedNonce(key, " ada@example.test", header(cookie), false, NOW + 1000)).toBe(cookie.nonce);
    expect(cookie.name).not.toContain("ada"); // the cookie jar does not list the accounts it signed in to
    expect(`${cookie.name}=${cookie.value}`.length).toBeLessThan(150);
  });

  it("refuse a changed, another account's, another key's, a too old or an absent cookie", () => {
    const cookie = issueDeviceCookie(key, "ada@example.test", false, NOW);
    const grace = issueDeviceCookie(key, "grace@example.test", false, NOW);
    // The signature's first character: its last one holds two padding bits that base64url decoding ignores.
    const at = cookie.value.lastIndexOf(".") + 1;
    const flipped = `${cookie.value.slice(0, at)}${cookie.value[at] === "A" ? "B" : "A"}${cookie.value.slice(at + 1)}`;
    expect(trustedNonce(key, "ada@example.test", header({ ...cookie, value: flipped }), false, NOW)).toBeUndefined();
    expect(trustedNonce(key, "ada@example.test", header({ ...grace, name: cookie.name }), false, NOW)).toBeUndefined();
    const otherKey = deviceCookieKey("another-secret-another-secret-another-secret");
    expect(trustedNonce(otherKey, "ada@example.test", header(cookie), false, NOW)).toBeUndefined();
    const tooOld = NOW + (DEVICE_COOKIE_DAYS + 1) * 24 * 60 * 60 * 1000;
    expect(trustedNonce(key, "ada@example.test", header(cookie), false, tooOld)).toBeUndefined();
    expect(trustedNonce(key, "ada@example.test", header(grace), false, NOW)).toBeUndefined();
    expect(trustedNonce(key, "ada@example.test", "", false, NOW)).toBeUndefined();
    expect(trustedNonce(key, "ada@example.test", `${cookie.name}=not.a.cookie`, false, NOW)).toBeUndefined();
  });

  it("are named with the __Host- prefix over HTTPS, so only this host's secure cookie counts", () => {
    const cookie = issueDeviceCookie(key, "ada@example.test", true, NOW);
    expect(cookie.name.startsWith("__Host-dockyard.device.")).toBe(true);
    expect(trustedNonce(key, "ada@example.test", header(cookie), true, NOW)).toBe(cookie.nonce);
    const plain = { ...cookie, name: deviceCookieName(key, "ada@example.test", false) };
    expect(trustedNonce(key, "ada@example.test", header(plain), true, NOW)).toBeUndefined();
  });

  it("stay at most MAX_DEVICE_COOKIES in a browser: the oldest make room, the account's own is replaced", () => {
    const held = Array.from({ length: MAX_DEVICE_COOKIES }, (_, i) =>
      issueDeviceCookie(key, `person-${i}@example.test`, false, NOW + i * 1000),
    );
    const jar = header(...[...held].reverse(), { name: "session", value: "x" });
    const next = deviceCookieName(key, "newcomer@example.test", false);
    expect(deviceCookiesToDrop(jar, next)).toEqual([held[0]!.name]);
    expect(deviceCookiesToDrop(jar, held[2]!.name)).toEqual([]);
    expect(deviceCookiesToDrop(header(...held.slice(1)), next)).toEqual([]);
  });
});
