import { classChangeRoute } from "@/lib/classes/assignment-routes";
import { retryBodySchema, retryScores } from "@/lib/lti/score-log";

export const dynamic = "force-dynamic";

/** Sends failed LMS scores of the class again now: `{ linkId, userId }` or `{ all: true }`; answers `{ requeued }`. */
export const POST = classChangeRoute("send LMS scores again", retryBodySchema, 1024, retryScores);
