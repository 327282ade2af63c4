import { bindingCookie } from "../auth/binding-cookie";
import { RequestError } from "../errors/request-error";
import { publicOrigin, servedOverHttps } from "../http/public-origin";

/*
 * A launch must end in the browser that began it (login CSRF): otherwise someone could keep the LMS's signed form from
 * their own launch and have another person's browser post it, signing that browser in to the first person's account.
 * The login sets a short-lived cookie named after its state; the launch signs anyone in only when it comes back. It
 * crosses from the LMS's site in a form post, so it is SameSite=None, hence Secure; a launch is a top-level navigation
 * (Dockyard refuses to be framed), so third-party cookie blocking does not apply. The one framed step, deep linking's
 * picker, needs no session (its address holds its secret), so a missing cookie there just signs nobody in.
 */

const cookie = bindingCookie(
  "dockyard_lti_",
  (maxAge) => `Path=/api/lti/launch; Max-Age=${maxAge}; HttpOnly; Secure; SameSite=None`,
);

/** The Set-Cookie header of a login that gave out `state`. */
export const loginBindingCookie = cookie.set;

/** The Set-Cookie header that removes it once the launch is done. */
export const clearLoginBindingCookie = cookie.clear;

/** Whether the browser posting a launch is the one whose login gave out `state`. */
export const launchBeganHere = cookie.beganHere;

/** The refusal of a launch that did not begin in this browser; over plain HTTP (not localhost) it says why all fail. */
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
