import { requireUser } from "@/lib/auth/current-user";
import { errorResponse } from "@/lib/http/to-response";
import { streamShellEvents } from "@/lib/shell/stream-shell-events";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireUser("follow your shell");
    const { id } = await params;
    const lastEventId = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("after") ?? "0";
    return new Response(await streamShellEvents(user, id, lastEventId, request.signal), {
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
