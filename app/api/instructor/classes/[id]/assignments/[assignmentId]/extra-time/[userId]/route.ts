import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { rowIdParams } from "@/lib/http/route-params";
import { setExtraTime } from "@/lib/timed/timed-staff";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string; assignmentId: string; userId: string }> };

/**
 * Gives one learner extra time on a timed assignment, an accommodation: body { extraPercent, extraMinutes, reason };
 * both zero takes it back. Only the class's instructors and admins; a running window moves with it.
 */
export const PUT = apiRoute(async (request: Request, { params }: Context) => {
  const user = await requireStaff("give extra time");
  const { id, assignmentId, userId } = await rowIdParams(params, "id", "assignmentId", "userId");
  const body = await readJson(request, z.unknown(), 4 * 1024);
  return Response.json(await setExtraTime(user, id, assignmentId, userId, body));
});
