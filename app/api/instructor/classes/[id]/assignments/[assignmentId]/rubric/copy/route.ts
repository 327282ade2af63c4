import { assignmentChangeRoute } from "@/lib/classes/assignment-routes";
import { RUBRIC_BODY_MAX_BYTES } from "@/lib/rubrics/rubric-terms";
import { copyRubricFrom } from "@/lib/rubrics/rubrics";

export const dynamic = "force-dynamic";

/** Copies another assignment's rubric of the same exercise onto this one: body { fromAssignmentId }. */
export const POST = assignmentChangeRoute("change rubrics", RUBRIC_BODY_MAX_BYTES, copyRubricFrom);
