import { env } from "../config/env";
import { sameSitePath } from "./same-site-path";

/** The platform's public origin (scheme, host and port of APP_URL): where browsers reach it. */
export function publicOrigin(): string {
  return new URL(env().APP_URL).origin;
}

/**
 * Where a server redirect sends a person when the destination came from a request (a `next`, a stored sign-in's
 * return): held to sameSitePath's rule, then written absolute on the public origin, so the Location header names
 * this site outright and nothing is left to the browser's reading of a relative address.
 */
export function sameSiteLocation(next: unknown): string {
  return `${publicOrigin()}${sameSitePath(next)}`;
}

/**
 * Whether browsers reach the platform over HTTPS (APP_URL says so, whatever terminates TLS in front of it): then
 * cookies carry `Secure` and every response carries Strict-Transport-Security.
 */
export function servedOverHttps(): boolean {
  return new URL(env().APP_URL).protocol === "https:";
}
