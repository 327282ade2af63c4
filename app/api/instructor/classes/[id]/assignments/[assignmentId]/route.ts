import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { ASSIGNMENT_BODY_MAX_BYTES, deleteAssignment, updateAssignment } from "@/lib/classes/assignments";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { rowIdParams } from "@/lib/http/route-params";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string; assignmentId: string }> };

/** Changes an assignment's item, dates or late policy. */
export const PUT = apiRoute(async (request: Request, { params }: Context) => {
  const user = await requireStaff("change a class's assignments");
  const { id, assignmentId } = await rowIdParams(params, "id", "assignmentId");
  const body = await readJson(request, z.unknown(), ASSIGNMENT_BODY_MAX_BYTES);
  return Response.json(await updateAssignment(user, id, assignmentId, body));
});

/** Removes an assignment with its extensions and overrides. */
export const DELETE = apiRoute(async (_request: Request, { params }: Context) => {
  const user = await requireStaff("change a class's assignments");
  const { id, assignmentId } = await rowIdParams(params, "id", "assignmentId");
  await deleteAssignment(user, id, assignmentId);
  return new Response(null, { status: 204 });
});
