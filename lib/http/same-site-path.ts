/**
 * Where to go after signing in: a path on this site, anything else the home page, so a crafted link cannot bounce a
 * learner elsewhere. Parsed as a browser parses it, against a stand-in origin: `//host`, `/\host` (a backslash is a
 * slash in web addresses) and `https://host` all leave it, and only what stays on it is kept. Import-free: the
 * sign-in form and the server read the same rule.
 */
export function sameSitePath(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.length > 2048) return "/";
  const here = "http://same-site.invalid";
  try {
    const url = new URL(next, here);
    return url.origin === here ? url.pathname + url.search + url.hash : "/";
  } catch {
    return "/";
  }
}
