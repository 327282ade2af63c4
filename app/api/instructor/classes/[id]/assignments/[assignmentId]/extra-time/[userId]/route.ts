import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { routeParams } from "@/lib/http/route-params";
import { rowIdSchema } from "@/lib/list-query/list-query";
import { setExtraTime } from "@/lib/timed/timed-staff";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema, assignmentId: rowIdSchema, userId: rowIdSchema });
type Context = { params: Promise<{ id: string; assignmentId: string; userId: string }> };

/**
 * Gives one learner extra time on a timed assignment, an accommodation: body { extraPercent, extraMinutes, reason };
 * both zero takes it back. Only the class's instructors and admins; a running window moves with it.
 */
export const PUT = apiRoute(async (request: Request, { params }: Context) => {
  const user = await requireStaff("give extra time");
  const { id, assignmentId, userId } = await routeParams(params, paramsSchema);
  const body = await readJson(request, z.unknown(), 4 * 1024);
  return Response.json(await setExtraTime(user, id, assignmentId, userId, body));
});
