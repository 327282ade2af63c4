import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { ASSIGNMENT_BODY_MAX_BYTES, grantExtension, withdrawExtension } from "@/lib/classes/assignments";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { rowIdParams } from "@/lib/http/route-params";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string; assignmentId: string; userId: string }> };

/** Gives one learner their own due date: body { dueAt (ISO), reason }. */
export const PUT = apiRoute(async (request: Request, { params }: Context) => {
  const user = await requireStaff("grant extensions");
  const { id, assignmentId, userId } = await rowIdParams(params, "id", "assignmentId", "userId");
  const body = await readJson(request, z.unknown(), ASSIGNMENT_BODY_MAX_BYTES);
  return Response.json(await grantExtension(user, id, assignmentId, userId, body));
});

/** Withdraws a learner's extension: body { reason }. */
export const DELETE = apiRoute(async (request: Request, { params }: Context) => {
  const user = await requireStaff("grant extensions");
  const { id, assignmentId, userId } = await rowIdParams(params, "id", "assignmentId", "userId");
  const body = await readJson(request, z.unknown(), ASSIGNMENT_BODY_MAX_BYTES);
  await withdrawExtension(user, id, assignmentId, userId, body);
  return new Response(null, { status: 204 });
});
