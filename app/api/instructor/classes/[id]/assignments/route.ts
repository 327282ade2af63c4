import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { ASSIGNMENT_BODY_MAX_BYTES, classAssignments, createAssignment } from "@/lib/classes/assignments";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { idParam } from "@/lib/http/route-params";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** The class's assignments with how its learners stand on each, for its staff (teaching assistants too). */
export const GET = apiRoute(async (_request: Request, { params }: Context) => {
  const user = await requireStaff("see a class's assignments");
  const { id } = await idParam(params);
  return Response.json(await classAssignments(user, id), { headers: { "Cache-Control": "no-store" } });
});

/** Assigns an exercise, a lab or a lesson's quiz to the class: 201 with the assignment. */
export const POST = apiRoute(async (request: Request, { params }: Context) => {
  const user = await requireStaff("assign work to a class");
  const { id } = await idParam(params);
  const body = await readJson(request, z.unknown(), ASSIGNMENT_BODY_MAX_BYTES);
  return Response.json(await createAssignment(user, id, body), { status: 201 });
});
