import { refusalRedirect } from "@/lib/institutions/refusal";
import { receiveSamlResponse } from "@/lib/institutions/saml-sign-in";

export const dynamic = "force-dynamic";

/**
 * The SAML assertion consumer (posted to cross-site): checked, then the browser goes with a one-time reference to the
 * same-site step (lib/institutions/saml-sign-in.ts says why). Every refusal is the sign-in (or account) page.
 */
export async function POST(request: Request) {
  try {
    const form = await request.formData().catch(() => undefined);
    const { next } = await receiveSamlResponse({
      SAMLResponse: form?.get("SAMLResponse") ?? undefined,
      RelayState: form?.get("RelayState") ?? undefined,
    });
    return new Response(null, { status: 303, headers: { Location: next.toString(), "Cache-Control": "no-store" } });
  } catch (err) {
    return refusalRedirect(err);
  }
}
