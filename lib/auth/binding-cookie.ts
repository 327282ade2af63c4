import { createHash } from "node:crypto";

/**
 * A sign-in's binding cookie (against login CSRF): named after the state it gave out, set as it begins, for ten
 * minutes, and looked for where it ends. `attributes(maxAge)`: its Set-Cookie attributes.
 */
export function bindingCookie(prefix: string, attributes: (maxAge: number) => string) {
  const name = (state: string) => `${prefix}${createHash("sha256").update(state).digest("hex").slice(0, 24)}`;
  return {
    set: (state: string) => `${name(state)}=1; ${attributes(10 * 60)}`,
    clear: (state: string) => `${name(state)}=; ${attributes(0)}`,
    /** Whether this Cookie header holds the cookie of `state`. */
    beganHere: (state: string, cookieHeader: string | null) =>
      (cookieHeader ?? "").split(";").some((pair) => pair.trim().split("=")[0] === name(state)),
  };
}
