import { RequestError } from "../errors/request-error";
import { publicOrigin } from "../http/public-origin";
import { errorResponse } from "../http/to-response";
import { InstitutionSignInRefused } from "./sign-in-problems";

/**
 * Every refused institution sign-in reads as the sign-in page (or, for a link, the account page) with the problem's
 * words, never an error status from the provider's redirect; the detail is logged for the operator.
 */
export function refusalRedirect(err: unknown): Response {
  // A malformed address (an institution id no registration could have) is answered as any route answers it.
  if (err instanceof RequestError) return errorResponse(err);
  const refused =
    err instanceof InstitutionSignInRefused
      ? err
      : new InstitutionSignInRefused("failed", undefined, err instanceof Error ? err.message : String(err));
  console.warn(`[institution sign-in] refused: ${refused.message}`);
  if (!(err instanceof InstitutionSignInRefused)) console.error(err);
  const query = new URLSearchParams({ institution_problem: refused.problem });
  if (refused.institutionId) query.set("institution", refused.institutionId);
  const page = refused.forLink ? "/account" : "/sign-in";
  return new Response(null, {
    status: 303,
    headers: { Location: `${publicOrigin()}${page}?${query}`, "Cache-Control": "no-store" },
  });
}
