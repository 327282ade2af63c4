import { liveAuthoringEvents } from "@/lib/content/content-events";
import { errorResponse } from "@/lib/http/to-response";

export const dynamic = "force-dynamic";

/** Development only (404 otherwise): content changes and validation problems, for the live preview. */
export async function GET(request: Request) {
  try {
    return new Response(liveAuthoringEvents(request.signal), {
      headers: {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-cache, no-transform",
        Connection: "keep-alive",
        "X-Accel-Buffering": "no",
      },
    });
  } catch (err) {
    return errorResponse(err);
  }
}
