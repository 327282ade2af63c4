import { learnerChangeRoute } from "@/lib/classes/assignment-routes";
import { ASSIGNMENT_BODY_MAX_BYTES, grantExtension, withdrawExtension } from "@/lib/classes/assignments";

export const dynamic = "force-dynamic";

/** Gives one learner their own due date: body { dueAt (ISO), reason }. */
export const PUT = learnerChangeRoute("grant extensions", ASSIGNMENT_BODY_MAX_BYTES, grantExtension);

/** Withdraws a learner's extension: body { reason }. */
export const DELETE = learnerChangeRoute("grant extensions", ASSIGNMENT_BODY_MAX_BYTES, withdrawExtension);
