import { bindingCookie } from "../auth/binding-cookie";
import { servedOverHttps } from "../http/public-origin";

/*
 * An institution sign-in must end in the browser that began it (login CSRF): otherwise someone could begin one with
 * their own account, stop before the provider sends the browser back, and send another person's browser to that
 * address, signing it in to their account. Beginning sets a short-lived cookie named after the state; the callback
 * acts only when it comes back (the provider's redirect is a top-level GET, which carries SameSite=Lax cookies).
 */

export const CALLBACK_PATH = "/api/auth-institution/callback";

const cookie = bindingCookie(
  "dockyard_institution_",
  (maxAge) => `Path=${CALLBACK_PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${servedOverHttps() ? "; Secure" : ""}`,
);

/** The Set-Cookie header of a sign-in that gave out `state`. */
export const signInBindingCookie = cookie.set;

/** The Set-Cookie header that removes it once the callback is done. */
export const clearSignInBindingCookie = cookie.clear;

/** Whether the browser at the callback is the one whose sign-in gave out `state`. */
export const signInBeganHere = cookie.beganHere;
