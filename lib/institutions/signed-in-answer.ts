import "server-only";
import { headers } from "next/headers";
import { auth } from "../auth/auth";
import { sameSiteLocation } from "../http/public-origin";
import { clearSignInBindingCookie } from "./login-binding";
import type { InstitutionSignedIn } from "./login-row";

/**
 * How every institution sign-in ends once its identity is known (OpenID Connect's callback, SAML's same-site step):
 * the person signed in (unless the identity was linked to the account already signed in), sent on to where the start
 * asked, held to the one rule of where a sign-in returns (the stored `next` came from the start's query), and the
 * browser's binding cookie for `state` cleared.
 */
export async function signedInAnswer(done: InstitutionSignedIn, state: string): Promise<Response> {
  if (!done.linked) {
    await auth().api.signInVerifiedAccount({ body: { userId: done.userId }, headers: await headers() });
  }
  const next = done.linked ? `/account?linked=${encodeURIComponent(done.linked.institutionId)}` : done.next;
  const response = new Response(null, {
    status: 303,
    headers: { Location: sameSiteLocation(next), "Cache-Control": "no-store" },
  });
  response.headers.append("Set-Cookie", clearSignInBindingCookie(state));
  return response;
}
