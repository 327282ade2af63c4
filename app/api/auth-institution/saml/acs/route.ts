import { refusalRedirect } from "@/lib/institutions/refusal";
import { receiveSamlResponse } from "@/lib/institutions/saml-sign-in";

export const dynamic = "force-dynamic";

/**
 * The SAML assertion consumer: the IdP's page posts the Response here (cross-site; the proxy lets it through, see
 * lib/institutions/saml-paths.ts). Checked, then the browser is sent with a one-time reference to the same-site step
 * that checks it began the sign-in (lib/institutions/saml-sign-in.ts says why). Every refusal is the sign-in (or
 * account) page saying why.
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
