import { currentUser } from "@/lib/auth/current-user";
import { idParam } from "@/lib/http/route-params";
import { signInBindingCookie } from "@/lib/institutions/login-binding";
import { refusalRedirect } from "@/lib/institutions/refusal";
import { InstitutionSignInRefused } from "@/lib/institutions/sign-in-problems";
import { beginInstitutionSignIn } from "@/lib/institutions/sign-in-start";

export const dynamic = "force-dynamic";

/** The account page's "Link <institution>": the provider signs the person in, and the identity joins this account. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await idParam(params);
    const user = await currentUser();
    if (!user) return refusalRedirect(new InstitutionSignInRefused("link-signed-out", id));
    const { url, state } = await beginInstitutionSignIn({ institutionId: id, next: "/account", linkUserId: user.id });
    return new Response(null, {
      status: 302,
      headers: { Location: url.toString(), "Cache-Control": "no-store", "Set-Cookie": signInBindingCookie(state) },
    });
  } catch (err) {
    return refusalRedirect(err);
  }
}
