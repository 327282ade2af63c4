import { liveAuthoringEvents } from "@/lib/course-checks/content-events";
import { apiRoute } from "@/lib/http/api-route";
import { eventStreamResponse } from "@/lib/http/event-stream";

export const dynamic = "force-dynamic";

/** Development only (404 otherwise): content changes and validation problems, for the live preview. */
export const GET = apiRoute(async (request: Request) => {
  return eventStreamResponse(liveAuthoringEvents(request.signal));
});
