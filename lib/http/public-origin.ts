import { env } from "../config/env";

/** The platform's public origin (scheme, host and port of APP_URL): where browsers reach it. */
export function publicOrigin(): string {
  return new URL(env().APP_URL).origin;
}

/**
 * Whether browsers reach the platform over HTTPS (APP_URL says so, whatever terminates TLS in front of it): then
 * cookies carry `Secure` and every response carries Strict-Transport-Security.
 */
export function servedOverHttps(): boolean {
  return new URL(env().APP_URL).protocol === "https:";
}
