import { z } from "zod";
import { requireAdmin } from "@/lib/access/roles";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { routeParams } from "@/lib/http/route-params";
import { rowIdSchema } from "@/lib/list-query/list-query";
import { platformFieldsSchema } from "@/lib/lti/platform-fields";
import { deletePlatform, savePlatform } from "@/lib/lti/platforms";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema });

export const PUT = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireAdmin("change an LMS registration");
  const { id } = await routeParams(params, paramsSchema);
  const body = await readJson(request, platformFieldsSchema, 16 * 1024);
  return Response.json(await savePlatform(user, body, id));
});

export const DELETE = apiRoute(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireAdmin("remove an LMS registration");
  const { id } = await routeParams(params, paramsSchema);
  await deletePlatform(user, id);
  return new Response(null, { status: 204 });
});
