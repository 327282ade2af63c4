import { createHash } from "node:crypto";
import { RequestError } from "../errors/request-error";
import { publicOrigin, servedOverHttps } from "../http/public-origin";

/*
 * A launch must end in the browser that began it (login CSRF). Without this, someone could begin a launch from their
 * own LMS account, keep the LMS's signed form, and have another person's browser post it from any site: that browser
 * would be signed in to the first person's account, and what it then did would be theirs.
 *
 * The login sets a short-lived cookie named after its state; the launch signs anyone in only when the browser sends it
 * back. The cookie must cross from the LMS's site in the launch's form post, so it is SameSite=None, hence Secure
 * (browsers accept Secure cookies on http://localhost too; a real LMS requires HTTPS). A launch is a top-level
 * navigation, since Dockyard refuses to be framed, so the cookie is first-party and no third-party cookie blocking
 * stands in its way. The one framed step, deep linking's content picker, signs nobody in when the cookie is missing
 * (it needs no session: its address holds its secret), so it needs no client-side storage fallback.
 */

const PREFIX = "dockyard_lti_";
const LIFETIME_SECONDS = 10 * 60;
const PATH = "/api/lti/launch";

function cookieName(state: string): string {
  return `${PREFIX}${createHash("sha256").update(state).digest("hex").slice(0, 24)}`;
}

/** The Set-Cookie header of a login that gave out `state`. */
export function loginBindingCookie(state: string): string {
  return `${cookieName(state)}=1; Path=${PATH}; Max-Age=${LIFETIME_SECONDS}; HttpOnly; Secure; SameSite=None`;
}

/** The Set-Cookie header that removes it once the launch is done. */
export function clearLoginBindingCookie(state: string): string {
  return `${cookieName(state)}=; Path=${PATH}; Max-Age=0; HttpOnly; Secure; SameSite=None`;
}

/** Whether the browser posting a launch is the one whose login gave out `state`. */
export function launchBeganHere(state: string, cookieHeader: string | null): boolean {
  const name = cookieName(state);
  return (cookieHeader ?? "").split(";").some((pair) => pair.trim().split("=")[0] === name);
}

/**
 * The refusal of a launch posted by a browser that did not begin it. Over plain HTTP at any address but localhost,
 * browsers drop the Secure cookie that proves it, so every launch fails that way: the message then says so, and that
 * the fix is the administrator's.
 */
export function launchNotBound(): RequestError {
  const host = new URL(publicOrigin()).hostname;
  const plainHttp = !servedOverHttps() && host !== "localhost" && host !== "127.0.0.1";
  return new RequestError(
    "UNAUTHENTICATED",
    "The launch was refused: it did not begin in this browser. Dockyard signs in only the browser that started " +
      "a launch, so that no other site can sign you in to someone else's account. Open the link again from your " +
      "course in the LMS." +
      (plainHttp
        ? ` (Dockyard is served over plain HTTP at ${host}, where browsers drop the cookie that proves a launch ` +
          "began here: an administrator must serve it over HTTPS, as LTI requires.)"
        : ""),
  );
}
