import { learnerChangeRoute } from "@/lib/classes/assignment-routes";
import { setExtraTime } from "@/lib/timed/timed-staff";

export const dynamic = "force-dynamic";

/**
 * Gives one learner extra time on a timed assignment, an accommodation: body { extraPercent, extraMinutes, reason };
 * both zero takes it back. Only the class's instructors and admins; a running window moves with it.
 */
export const PUT = learnerChangeRoute("give extra time", 4 * 1024, setExtraTime);
