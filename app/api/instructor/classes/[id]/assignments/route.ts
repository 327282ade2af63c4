import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { ASSIGNMENT_BODY_MAX_BYTES, classAssignments, createAssignment } from "@/lib/classes/assignments";
import { readJson } from "@/lib/http/read-json";
import { routeParams } from "@/lib/http/route-params";
import { errorResponse } from "@/lib/http/to-response";
import { rowIdSchema } from "@/lib/list-query/list-query";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema });
type Context = { params: Promise<{ id: string }> };

/** The class's assignments with how its learners stand on each, for its staff (teaching assistants too). */
export async function GET(_request: Request, { params }: Context) {
  try {
    const user = await requireStaff("see a class's assignments");
    const { id } = await routeParams(params, paramsSchema);
    return Response.json(await classAssignments(user, id), { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return errorResponse(err);
  }
}

/** Assigns an exercise, a lab or a lesson's quiz to the class: 201 with the assignment. */
export async function POST(request: Request, { params }: Context) {
  try {
    const user = await requireStaff("assign work to a class");
    const { id } = await routeParams(params, paramsSchema);
    const body = await readJson(request, z.unknown(), ASSIGNMENT_BODY_MAX_BYTES);
    return Response.json(await createAssignment(user, id, body), { status: 201 });
  } catch (err) {
    return errorResponse(err);
  }
}
