import { RequestError } from "../errors/request-error";
import { publicOrigin } from "./public-origin";
import { errorResponse } from "./to-response";

/** Methods that change nothing: a page of another site may make a browser send them, and that is harmless. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery guard, for the request proxy: for a state-changing request (not GET, HEAD or OPTIONS)
 * that came from a page of another site than publicOrigin(), the 403 response to send instead; undefined when the
 * request may go on.
 *
 * Browsers name the page's origin in `Origin` on every cross-origin POST, PUT, PATCH and DELETE, so the header
 * decides: any other origin is refused, and so is `null` (sandboxed frames, redirects across sites, file: pages).
 * Without one, `Sec-Fetch-Site` still tells a browser's request from another site. A request with neither comes
 * from no browser (curl, a script with its own credentials): forgery needs a victim's browser, so it goes on.
 */
export function foreignOriginRefusal(request: Request): Response | undefined {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return undefined;
  const origin = request.headers.get("origin");
  const expected = publicOrigin();
  if (origin !== null)
    return origin.trim().toLowerCase() === expected ? undefined : refusal(origin.trim() || "null", expected);
  const site = request.headers.get("sec-fetch-site")?.trim().toLowerCase();
  // "same-site" is another origin too (a sibling subdomain, another port): only the platform's own pages may write.
  if (site === "cross-site" || site === "same-site") return refusal("another site", expected);
  return undefined;
}

function refusal(from: string, expected: string): Response {
  const source = from === "null" ? "a page with no origin of its own (Origin: null)" : from;
  return errorResponse(
    new RequestError(
      "FORBIDDEN",
      `This request came from another site (${source}), not from ${expected}, so it was refused: only Dockyard's ` +
        `own pages may change your work or account. If you meant to do this, open ${expected} and do it there.`,
    ),
  );
}
