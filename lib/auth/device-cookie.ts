import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { parseCookies } from "better-auth/cookies";

/**
 * Device cookies (OWASP's, against password guessing): a browser that signed in to an account with its password gets a
 * cookie naming that account and a random nonce, signed with a key only the server has; a sign-in that shows one for
 * its account is trusted (sign-in-throttle.ts). It grants no session. One cookie per account, named by a keyed hash of
 * the e-mail (a cookie jar does not list the addresses; a shared browser keeps both), at most MAX_DEVICE_COOKIES.
 */
export const MAX_DEVICE_COOKIES = 5;
/** How long a browser stays known without signing in again; each password sign-in renews it. */
export const DEVICE_COOKIE_DAYS = 180;
const MAX_AGE_SECONDS = DEVICE_COOKIE_DAYS * 24 * 60 * 60;

const NAME_PREFIX = "dockyard.device.";
// Over HTTPS the __Host- prefix makes the browser refuse the cookie unless it is Secure, for this host alone, path /.
const HOST_PREFIX = "__Host-";

// issued-at (seconds) . nonce (16 bytes) . signature (32 bytes), base64url: about 90 characters.
const VALUE_PATTERN = /^(\d{1,12})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

/** The signing key: derived from BETTER_AUTH_SECRET for this one use, so a device cookie is no other token's key. */
export function deviceCookieKey(secret: string): Buffer {
  return createHmac("sha256", secret).update("dockyard device cookie v1").digest();
}

const accountOf = (email: string) => email.trim().toLowerCase();

function mac(key: Buffer, ...parts: string[]): Buffer {
  return createHmac("sha256", key).update(parts.join("\0")).digest();
}

/** The cookie's name for this account: the same in every browser, and no use to anyone without the key. */
export function deviceCookieName(key: Buffer, email: string, secure: boolean): string {
  const id = mac(key, "name", accountOf(email)).toString("base64url").slice(0, 16);
  return `${secure ? HOST_PREFIX : ""}${NAME_PREFIX}${id}`;
}

/** A new device cookie for the account, issued now with a fresh nonce. */
export function issueDeviceCookie(key: Buffer, email: string, secure: boolean, now = Date.now()) {
  const issued = String(Math.floor(now / 1000));
  const nonce = randomBytes(16).toString("base64url");
  const signature = mac(key, "value", accountOf(email), issued, nonce).toString("base64url");
  return { name: deviceCookieName(key, email, secure), value: `${issued}.${nonce}.${signature}`, nonce };
}

/**
 * The nonce of the account's device cookie in this Cookie header when its signature (which covers the account) is the
 * server's and it is not older than DEVICE_COOKIE_DAYS; undefined otherwise.
 */
export function trustedNonce(
  key: Buffer,
  email: string,
  cookieHeader: string | null | undefined,
  secure: boolean,
  now = Date.now(),
): string | undefined {
  const value = parseCookies(cookieHeader ?? "").get(deviceCookieName(key, email, secure));
  const parts = value === undefined ? null : VALUE_PATTERN.exec(value);
  if (!parts) return undefined;
  const [, issued, nonce, signature] = parts as unknown as [string, string, string, string];
  const age = now / 1000 - Number(issued);
  if (age > MAX_AGE_SECONDS || age < -300) return undefined;
  const expected = mac(key, "value", accountOf(email), issued, nonce);
  const given = Buffer.from(signature, "base64url");
  return given.length === expected.length && timingSafeEqual(given, expected) ? nonce : undefined;
}

/**
 * The device cookies to expire so that, with the one about to be set, the browser holds at most MAX_DEVICE_COOKIES:
 * the oldest by issue time, unreadable ones first. The account's own cookie is replaced, not counted.
 */
export function deviceCookiesToDrop(cookieHeader: string | null | undefined, keep: string): string[] {
  const others = [...parseCookies(cookieHeader ?? "")]
    .filter(([name]) => name !== keep && (name.startsWith(NAME_PREFIX) || name.startsWith(HOST_PREFIX + NAME_PREFIX)))
    .map(([name, value]) => ({ name, issued: Number(VALUE_PATTERN.exec(value)?.[1] ?? -1) }))
    .sort((a, b) => a.issued - b.issued);
  return others.slice(0, Math.max(0, others.length - (MAX_DEVICE_COOKIES - 1))).map((c) => c.name);
}

/** Set-Cookie attributes: HttpOnly (no script reads it), Lax (not on other sites' sub-requests), Secure on HTTPS. */
export function deviceCookieOptions(secure: boolean, maxAge = MAX_AGE_SECONDS) {
  return { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge } as const;
}
