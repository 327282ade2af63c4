import { requireUser } from "@/lib/auth/current-user";
import { eventStreamResponse, lastEventId } from "@/lib/http/event-stream";
import { errorResponse } from "@/lib/http/to-response";
import { streamShellEvents } from "@/lib/shell/stream-shell-events";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireUser("follow your shell");
    const { id } = await params;
    return eventStreamResponse(await streamShellEvents(user, id, lastEventId(request), request.signal));
  } catch (err) {
    return errorResponse(err);
  }
}
