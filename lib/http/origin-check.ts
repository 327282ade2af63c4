/**
 * CONTRACT STUB (issue 15, helper F replaces the body): for a state-changing request (not GET, HEAD or OPTIONS)
 * whose Origin (or, without one, Sec-Fetch-Site) shows it came from another site than publicOrigin(), the 403
 * response to send instead; undefined when the request may go on.
 */
export function foreignOriginRefusal(_request: Request): Response | undefined {
  return undefined;
}
