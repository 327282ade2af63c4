import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { rowIdParams } from "@/lib/http/route-params";
import { RUBRIC_BODY_MAX_BYTES } from "@/lib/rubrics/rubric-terms";
import { saveRubric } from "@/lib/rubrics/rubrics";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string; assignmentId: string }> };

/** Saves the assignment's rubric whole: body { mode, share, items: [{ id?, title, points, feedback }] }. */
export const PUT = apiRoute(async (request: Request, { params }: Context) => {
  const user = await requireStaff("change rubrics");
  const { id, assignmentId } = await rowIdParams(params, "id", "assignmentId");
  const body = await readJson(request, z.unknown(), RUBRIC_BODY_MAX_BYTES);
  return Response.json(await saveRubric(user, id, assignmentId, body));
});
