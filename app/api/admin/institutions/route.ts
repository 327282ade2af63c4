import { requireAdmin } from "@/lib/access/roles";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { institutionFieldsSchema, METADATA_MAX_CHARS } from "@/lib/institutions/institution-fields";
import { saveInstitution } from "@/lib/institutions/institutions";

export const dynamic = "force-dynamic";

/**
 * Sets up an institution's sign-in (OpenID Connect, or SAML from its IdP's metadata); body as
 * lib/institutions/institution-fields.ts. 201 with it, secret left out.
 */
export const POST = apiRoute(async (request: Request) => {
  const user = await requireAdmin("set up institution sign-in");
  const body = await readJson(request, institutionFieldsSchema, METADATA_MAX_CHARS + 16 * 1024);
  return Response.json(await saveInstitution(user, body), { status: 201 });
});
