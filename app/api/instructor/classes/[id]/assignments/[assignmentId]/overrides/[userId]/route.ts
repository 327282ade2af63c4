import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { ASSIGNMENT_BODY_MAX_BYTES, removeScoreOverride, setScoreOverride } from "@/lib/classes/assignments";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { routeParams } from "@/lib/http/route-params";
import { rowIdSchema } from "@/lib/list-query/list-query";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema, assignmentId: rowIdSchema, userId: rowIdSchema });
type Context = { params: Promise<{ id: string; assignmentId: string; userId: string }> };

/** Sets a learner's score by hand: body { score (0–100, or up to the assignment's highest early credit), reason }. */
export const PUT = apiRoute(async (request: Request, { params }: Context) => {
  const user = await requireStaff("override scores");
  const { id, assignmentId, userId } = await routeParams(params, paramsSchema);
  const body = await readJson(request, z.unknown(), ASSIGNMENT_BODY_MAX_BYTES);
  return Response.json(await setScoreOverride(user, id, assignmentId, userId, body));
});

/** Removes an overridden score, so the computed one stands again: body { reason }. */
export const DELETE = apiRoute(async (request: Request, { params }: Context) => {
  const user = await requireStaff("override scores");
  const { id, assignmentId, userId } = await routeParams(params, paramsSchema);
  const body = await readJson(request, z.unknown(), ASSIGNMENT_BODY_MAX_BYTES);
  await removeScoreOverride(user, id, assignmentId, userId, body);
  return new Response(null, { status: 204 });
});
