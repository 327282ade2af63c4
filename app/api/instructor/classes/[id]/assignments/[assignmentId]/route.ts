import { assignmentChangeRoute } from "@/lib/classes/assignment-routes";
import { ASSIGNMENT_BODY_MAX_BYTES, deleteAssignment, updateAssignment } from "@/lib/classes/assignments";

export const dynamic = "force-dynamic";

/** Changes an assignment's item, dates or late policy. */
export const PUT = assignmentChangeRoute("change a class's assignments", ASSIGNMENT_BODY_MAX_BYTES, updateAssignment);

/** Removes an assignment with its extensions and overrides. */
export const DELETE = assignmentChangeRoute("change a class's assignments", 0, deleteAssignment);
