import { requireAdmin } from "@/lib/access/roles";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { idParam } from "@/lib/http/route-params";
import { institutionFieldsSchema, METADATA_MAX_CHARS } from "@/lib/institutions/institution-fields";
import { deleteInstitution, saveInstitution } from "@/lib/institutions/institutions";

export const dynamic = "force-dynamic";

/** Changes an institution's sign-in; an empty client secret keeps the stored one. */
export const PUT = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireAdmin("change an institution's sign-in");
  const { id } = await idParam(params);
  const body = await readJson(request, institutionFieldsSchema, METADATA_MAX_CHARS + 16 * 1024);
  return Response.json(await saveInstitution(user, body, id));
});

export const DELETE = apiRoute(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireAdmin("remove an institution's sign-in");
  const { id } = await idParam(params);
  await deleteInstitution(user, id);
  return new Response(null, { status: 204 });
});
