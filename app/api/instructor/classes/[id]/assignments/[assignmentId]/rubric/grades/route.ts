import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { routeParams } from "@/lib/http/route-params";
import { rowIdSchema } from "@/lib/list-query/list-query";
import { RUBRIC_BODY_MAX_BYTES } from "@/lib/rubrics/rubric-terms";
import { applyRubric } from "@/lib/rubrics/rubrics";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema, assignmentId: rowIdSchema });
type Context = { params: Promise<{ id: string; assignmentId: string }> };

/**
 * Grades a learner's submission by the rubric: body { submissionId, itemIds, comment }. Answers { next }: the next
 * learner with an attempt, for "Save and next learner".
 */
export const PUT = apiRoute(async (request: Request, { params }: Context) => {
  const user = await requireStaff("grade by a rubric");
  const { id, assignmentId } = await routeParams(params, paramsSchema);
  const body = await readJson(request, z.unknown(), RUBRIC_BODY_MAX_BYTES);
  return Response.json(await applyRubric(user, id, assignmentId, body));
});
