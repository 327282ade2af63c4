import type { Platform } from "./platforms";

/** Which LMS a registration is, as far as its settings name the places where Canvas and Moodle differ. */
export type LmsFlavour = "canvas" | "moodle" | "other";

/**
 * Read from the token URL, the one address both LMSs fix: Moodle's is `<site>/mod/lti/token.php`, Canvas's
 * `<canvas>/login/oauth2/token`; a Canvas cloud issuer is `https://canvas.instructure.com` (or its beta and test
 * siblings). Anything else gets both LMSs' words.
 */
export function lmsFlavour(platform: Pick<Platform, "issuer" | "tokenUrl">): LmsFlavour {
  const path = URL.canParse(platform.tokenUrl) ? new URL(platform.tokenUrl).pathname.replace(/\/+$/, "") : "";
  if (path.endsWith("/mod/lti/token.php")) return "moodle";
  if (path.endsWith("/login/oauth2/token")) return "canvas";
  if (URL.canParse(platform.issuer) && /(^|\.)instructure\.com$/.test(new URL(platform.issuer).hostname)) {
    return "canvas";
  }
  return "other";
}

/** Words for each LMS: the one this registration is, or both when Dockyard cannot tell. */
export type ByLms = Record<"canvas" | "moodle", string>;

export function inLmsWords(words: ByLms, flavour: LmsFlavour): string {
  if (flavour === "canvas") return words.canvas;
  if (flavour === "moodle") return words.moodle;
  return `In Canvas: ${words.canvas} In Moodle: ${words.moodle}`;
}
