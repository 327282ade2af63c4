import { idParam } from "@/lib/http/route-params";
import { signInBindingCookie } from "@/lib/institutions/login-binding";
import { refusalRedirect } from "@/lib/institutions/refusal";
import { beginInstitutionSignIn } from "@/lib/institutions/sign-in-start";

export const dynamic = "force-dynamic";

/**
 * "Sign in with <institution>": to the institution's provider, with this browser bound to the sign-in
 * (lib/institutions/login-binding.ts). A link, not a form, so the redirect to the provider is a plain navigation.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await idParam(params);
    const next = new URL(request.url).searchParams.get("next") ?? undefined;
    const { url, state } = await beginInstitutionSignIn({ institutionId: id, next });
    return new Response(null, {
      status: 302,
      headers: { Location: url.toString(), "Cache-Control": "no-store", "Set-Cookie": signInBindingCookie(state) },
    });
  } catch (err) {
    return refusalRedirect(err);
  }
}
