import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { rowIdParams } from "@/lib/http/route-params";
import { RUBRIC_BODY_MAX_BYTES } from "@/lib/rubrics/rubric-terms";
import { applyRubric } from "@/lib/rubrics/rubrics";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string; assignmentId: string }> };

/**
 * Grades a learner's submission by the rubric: body { submissionId, itemIds, comment }. Answers { next }: the next
 * learner with an attempt, for "Save and next learner".
 */
export const PUT = apiRoute(async (request: Request, { params }: Context) => {
  const user = await requireStaff("grade by a rubric");
  const { id, assignmentId } = await rowIdParams(params, "id", "assignmentId");
  const body = await readJson(request, z.unknown(), RUBRIC_BODY_MAX_BYTES);
  return Response.json(await applyRubric(user, id, assignmentId, body));
});
