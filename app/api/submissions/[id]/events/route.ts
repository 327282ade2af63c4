import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { eventStreamResponse, lastEventId } from "@/lib/http/event-stream";
import { idParam } from "@/lib/http/route-params";
import { getVisibleSubmission } from "@/lib/submissions/get-submission";
import { streamSubmissionEvents } from "@/lib/submissions/stream-events";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser("follow a submission");
  const { id } = await idParam(params);
  await getVisibleSubmission(user, id);
  return eventStreamResponse(streamSubmissionEvents(id, lastEventId(request), request.signal));
});
