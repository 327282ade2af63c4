import { spMetadataXml } from "@/lib/institutions/saml-sp";

export const dynamic = "force-dynamic";

/** Dockyard's SAML SP metadata, for an IdP's admin to register (its address is also the SP's entityID). */
export async function GET() {
  return new Response(spMetadataXml(), {
    headers: { "Content-Type": "application/samlmetadata+xml; charset=utf-8", "Cache-Control": "no-store" },
  });
}
