import { requireUser } from "@/lib/auth/current-user";
import { eventStreamResponse, lastEventId } from "@/lib/http/event-stream";
import { errorResponse } from "@/lib/http/to-response";
import { getVisibleSubmission } from "@/lib/submissions/get-submission";
import { streamSubmissionEvents } from "@/lib/submissions/stream-events";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireUser("follow a submission");
    const { id } = await params;
    await getVisibleSubmission(user, id);
    return eventStreamResponse(streamSubmissionEvents(id, lastEventId(request), request.signal));
  } catch (err) {
    return errorResponse(err);
  }
}
