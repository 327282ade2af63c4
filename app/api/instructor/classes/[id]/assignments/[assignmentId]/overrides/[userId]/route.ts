import { learnerChangeRoute } from "@/lib/classes/assignment-routes";
import { ASSIGNMENT_BODY_MAX_BYTES, removeScoreOverride, setScoreOverride } from "@/lib/classes/assignments";

export const dynamic = "force-dynamic";

/** Sets a learner's score by hand: body { score (0–100, or up to the assignment's highest early credit), reason }. */
export const PUT = learnerChangeRoute("override scores", ASSIGNMENT_BODY_MAX_BYTES, setScoreOverride);

/** Removes an overridden score, so the computed one stands again: body { reason }. */
export const DELETE = learnerChangeRoute("override scores", ASSIGNMENT_BODY_MAX_BYTES, removeScoreOverride);
