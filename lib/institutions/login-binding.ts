import { createHash } from "node:crypto";
import { servedOverHttps } from "../http/public-origin";

/*
 * An institution sign-in must end in the browser that began it (login CSRF): otherwise someone could begin one with
 * their own institution account, stop before the provider sends the browser back, and send another person's browser
 * to that address: it would be signed in to the first person's account, and what it then did would be theirs.
 *
 * Beginning a sign-in sets a short-lived cookie named after its state; the callback acts only when the browser sends
 * it back. The provider sends the browser back with a top-level GET, which carries SameSite=Lax cookies.
 */

export const CALLBACK_PATH = "/api/auth-institution/callback";
const PREFIX = "dockyard_institution_";
const LIFETIME_SECONDS = 10 * 60;

function cookieName(state: string): string {
  return `${PREFIX}${createHash("sha256").update(state).digest("hex").slice(0, 24)}`;
}

function attributes(maxAge: number): string {
  return `Path=${CALLBACK_PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${servedOverHttps() ? "; Secure" : ""}`;
}

/** The Set-Cookie header of a sign-in that gave out `state`. */
export function signInBindingCookie(state: string): string {
  return `${cookieName(state)}=1; ${attributes(LIFETIME_SECONDS)}`;
}

/** The Set-Cookie header that removes it once the callback is done. */
export function clearSignInBindingCookie(state: string): string {
  return `${cookieName(state)}=; ${attributes(0)}`;
}

/** Whether the browser at the callback is the one whose sign-in gave out `state`. */
export function signInBeganHere(state: string, cookieHeader: string | null): boolean {
  const name = cookieName(state);
  return (cookieHeader ?? "").split(";").some((pair) => pair.trim().split("=")[0] === name);
}
