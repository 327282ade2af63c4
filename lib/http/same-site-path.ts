/**
 * Where to go after signing in (or after any step a request names a destination for): a path on this site, anything
 * else the home page, so a crafted link cannot bounce a person to another site.
 *
 * The rule judges what the browser will do with the OUTPUT, not what the input looks like. The input is parsed as a
 * browser parses it (WHATWG URL, against a stand-in origin: only the path, query and fragment are kept, so the result
 * is the same whatever the real origin), and the path, query and fragment it serialises to are kept only when they,
 * read again by a browser against any page of this site, stay on it:
 * - the output starts with exactly one "/" and not "//" or "/\": the parser removes dot segments, so `/.//evil` and
 *   `/%2e%2e//evil` serialise to `//evil`, which a browser reads as another host (a protocol-relative address);
 * - no control characters in the input: the parser silently drops tabs and line breaks (`/\t/evil` is `//evil`);
 * - no network-path input (`//host`, `/\host`), even one that names the stand-in's own host;
 * - the output is its own result (idempotent), checked rather than assumed;
 * - at most 2048 characters, in and out.
 * Percent-encoded or look-alike slashes (`/%2F`, `/%5C`, U+FF0F, U+2215) stay inside the path: no browser reads them
 * as a separator. Import-free: the sign-in form in the browser and the server read the same rule.
 * lib/http/same-site-path.test.ts proves it over thousands of generated values.
 */
export function sameSitePath(next: unknown): string {
  const path = keptPath(next);
  return path !== undefined && keptPath(path) === path ? path : "/";
}

const STAND_IN = "http://same-site.invalid";
const MAX_CHARS = 2048;
// C0 controls (tab, line feed and carriage return among them), DEL and the C1 controls.
const CONTROL = /\p{Cc}/u;

function keptPath(next: unknown): string | undefined {
  if (typeof next !== "string" || next.length > MAX_CHARS || CONTROL.test(next)) return undefined;
  if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return undefined;
  let url: URL;
  try {
    url = new URL(next, STAND_IN);
  } catch {
    return undefined;
  }
  if (url.origin !== STAND_IN) return undefined;
  const path = url.pathname + url.search + url.hash;
  const leavesSite = !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\");
  return leavesSite || path.length > MAX_CHARS || CONTROL.test(path) ? undefined : path;
}
