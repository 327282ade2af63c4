import { headers } from "next/headers";
import { auth } from "@/lib/auth/auth";
import { currentUser } from "@/lib/auth/current-user";
import { completeInstitutionSignIn } from "@/lib/institutions/callback";
import { clearSignInBindingCookie, signInBeganHere } from "@/lib/institutions/login-binding";
import { refusalRedirect } from "@/lib/institutions/refusal";

export const dynamic = "force-dynamic";

/**
 * The provider sends the browser back here with a code and the state: checked, then the person is signed in (or the
 * identity linked to the signed-in account) and sent on. Every refusal is the sign-in or account page saying why.
 */
export async function GET(request: Request) {
  const url = new URL(request.url);
  try {
    const done = await completeInstitutionSignIn(
      url,
      (state) => signInBeganHere(state, request.headers.get("cookie")),
      async () => (await currentUser())?.id,
    );
    if (!done.linked) {
      await auth().api.signInVerifiedAccount({ body: { userId: done.userId }, headers: await headers() });
    }
    const location = done.linked ? `/account?linked=${encodeURIComponent(done.linked.institutionId)}` : done.next;
    const response = new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });
    response.headers.append("Set-Cookie", clearSignInBindingCookie(url.searchParams.get("state") ?? ""));
    return response;
  } catch (err) {
    return refusalRedirect(err);
  }
}
