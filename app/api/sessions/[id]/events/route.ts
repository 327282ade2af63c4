import { requireUser } from "@/lib/auth/current-user";
import { watchTabQuerySchema } from "@/lib/help/help-protocol";
import { streamSessionEventsFor } from "@/lib/help/watch-session";
import { apiRoute } from "@/lib/http/api-route";
import { eventStreamResponse, lastEventId } from "@/lib/http/event-stream";
import { idParam } from "@/lib/http/route-params";

export const dynamic = "force-dynamic";

// The session's learner follows it; staff they let watch it for a request for help follow the one tab they share
// (`?tab=`, the tab the staff page says is shared), read-only (lib/help).
export const GET = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser("follow your shell or lab");
  const { id } = await idParam(params);
  const { tab } = watchTabQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return eventStreamResponse(await streamSessionEventsFor(user, id, lastEventId(request), request.signal, tab));
});
