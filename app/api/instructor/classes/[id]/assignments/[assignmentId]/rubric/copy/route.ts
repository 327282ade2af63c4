import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { routeParams } from "@/lib/http/route-params";
import { rowIdSchema } from "@/lib/list-query/list-query";
import { RUBRIC_BODY_MAX_BYTES } from "@/lib/rubrics/rubric-terms";
import { copyRubricFrom } from "@/lib/rubrics/rubrics";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema, assignmentId: rowIdSchema });
type Context = { params: Promise<{ id: string; assignmentId: string }> };

/** Copies another assignment's rubric of the same exercise onto this one: body { fromAssignmentId }. */
export const POST = apiRoute(async (request: Request, { params }: Context) => {
  const user = await requireStaff("change rubrics");
  const { id, assignmentId } = await routeParams(params, paramsSchema);
  const body = await readJson(request, z.unknown(), RUBRIC_BODY_MAX_BYTES);
  return Response.json(await copyRubricFrom(user, id, assignmentId, body));
});
