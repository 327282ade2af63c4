import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { ASSIGNMENT_BODY_MAX_BYTES, removeScoreOverride, setScoreOverride } from "@/lib/classes/assignments";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { rowIdParams } from "@/lib/http/route-params";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string; assignmentId: string; userId: string }> };

/** Sets a learner's score by hand: body { score (0–100, or up to the assignment's highest early credit), reason }. */
export const PUT = apiRoute(async (request: Request, { params }: Context) => {
  const user = await requireStaff("override scores");
  const { id, assignmentId, userId } = await rowIdParams(params, "id", "assignmentId", "userId");
  const body = await readJson(request, z.unknown(), ASSIGNMENT_BODY_MAX_BYTES);
  return Response.json(await setScoreOverride(user, id, assignmentId, userId, body));
});

/** Removes an overridden score, so the computed one stands again: body { reason }. */
export const DELETE = apiRoute(async (request: Request, { params }: Context) => {
  const user = await requireStaff("override scores");
  const { id, assignmentId, userId } = await rowIdParams(params, "id", "assignmentId", "userId");
  const body = await readJson(request, z.unknown(), ASSIGNMENT_BODY_MAX_BYTES);
  await removeScoreOverride(user, id, assignmentId, userId, body);
  return new Response(null, { status: 204 });
});
