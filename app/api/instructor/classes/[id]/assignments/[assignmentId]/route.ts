import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { ASSIGNMENT_BODY_MAX_BYTES, deleteAssignment, updateAssignment } from "@/lib/classes/assignments";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { routeParams } from "@/lib/http/route-params";
import { rowIdSchema } from "@/lib/list-query/list-query";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema, assignmentId: rowIdSchema });
type Context = { params: Promise<{ id: string; assignmentId: string }> };

/** Changes an assignment's item, dates or late policy. */
export const PUT = apiRoute(async (request: Request, { params }: Context) => {
  const user = await requireStaff("change a class's assignments");
  const { id, assignmentId } = await routeParams(params, paramsSchema);
  const body = await readJson(request, z.unknown(), ASSIGNMENT_BODY_MAX_BYTES);
  return Response.json(await updateAssignment(user, id, assignmentId, body));
});

/** Removes an assignment with its extensions and overrides. */
export const DELETE = apiRoute(async (_request: Request, { params }: Context) => {
  const user = await requireStaff("change a class's assignments");
  const { id, assignmentId } = await routeParams(params, paramsSchema);
  await deleteAssignment(user, id, assignmentId);
  return new Response(null, { status: 204 });
});
