import { assignmentChangeRoute } from "@/lib/classes/assignment-routes";
import { RUBRIC_BODY_MAX_BYTES } from "@/lib/rubrics/rubric-terms";
import { applyRubric } from "@/lib/rubrics/rubrics";

export const dynamic = "force-dynamic";

/**
 * Grades a learner's submission by the rubric: body { submissionId, itemIds, comment }. Answers { next }: the next
 * learner with an attempt, for "Save and next learner".
 */
export const PUT = assignmentChangeRoute("grade by a rubric", RUBRIC_BODY_MAX_BYTES, applyRubric);
