import { liveAuthoringEvents } from "@/lib/course-checks/content-events";
import { eventStreamResponse } from "@/lib/http/event-stream";
import { errorResponse } from "@/lib/http/to-response";

export const dynamic = "force-dynamic";

/** Development only (404 otherwise): content changes and validation problems, for the live preview. */
export async function GET(request: Request) {
  try {
    return eventStreamResponse(liveAuthoringEvents(request.signal));
  } catch (err) {
    return errorResponse(err);
  }
}
