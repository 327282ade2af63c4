import { requireAdmin } from "@/lib/access/roles";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { idParam } from "@/lib/http/route-params";
import { platformFieldsSchema } from "@/lib/lti/platform-fields";
import { deletePlatform, savePlatform } from "@/lib/lti/platforms";

export const dynamic = "force-dynamic";

export const PUT = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireAdmin("change an LMS registration");
  const { id } = await idParam(params);
  const body = await readJson(request, platformFieldsSchema, 16 * 1024);
  return Response.json(await savePlatform(user, body, id));
});

export const DELETE = apiRoute(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireAdmin("remove an LMS registration");
  const { id } = await idParam(params);
  await deletePlatform(user, id);
  return new Response(null, { status: 204 });
});
