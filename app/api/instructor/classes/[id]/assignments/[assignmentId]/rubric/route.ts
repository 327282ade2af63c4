import { assignmentChangeRoute } from "@/lib/classes/assignment-routes";
import { RUBRIC_BODY_MAX_BYTES } from "@/lib/rubrics/rubric-terms";
import { saveRubric } from "@/lib/rubrics/rubrics";

export const dynamic = "force-dynamic";

/** Saves the assignment's rubric whole: body { mode, share, items: [{ id?, title, points, feedback }] }. */
export const PUT = assignmentChangeRoute("change rubrics", RUBRIC_BODY_MAX_BYTES, saveRubric);
