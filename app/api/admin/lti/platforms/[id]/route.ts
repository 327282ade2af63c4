import { z } from "zod";
import { requireAdmin } from "@/lib/access/roles";
import { readJson } from "@/lib/http/read-json";
import { routeParams } from "@/lib/http/route-params";
import { errorResponse } from "@/lib/http/to-response";
import { rowIdSchema } from "@/lib/list-query/list-query";
import { platformFieldsSchema } from "@/lib/lti/platform-fields";
import { deletePlatform, savePlatform } from "@/lib/lti/platforms";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema });

export async function PUT(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireAdmin("change an LMS registration");
    const { id } = await routeParams(params, paramsSchema);
    const body = await readJson(request, platformFieldsSchema, 16 * 1024);
    return Response.json(await savePlatform(user, body, id));
  } catch (err) {
    return errorResponse(err);
  }
}

export async function DELETE(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireAdmin("remove an LMS registration");
    const { id } = await routeParams(params, paramsSchema);
    await deletePlatform(user, id);
    return new Response(null, { status: 204 });
  } catch (err) {
    return errorResponse(err);
  }
}
