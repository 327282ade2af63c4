import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { eventStreamResponse, lastEventId } from "@/lib/http/event-stream";
import { routeParams } from "@/lib/http/route-params";
import { errorResponse } from "@/lib/http/to-response";
import { rowIdSchema } from "@/lib/list-query/list-query";
import { streamSessionEvents } from "@/lib/sessions/stream-session-events";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema });

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireUser("follow your shell or lab");
    const { id } = await routeParams(params, paramsSchema);
    return eventStreamResponse(await streamSessionEvents(user, id, lastEventId(request), request.signal));
  } catch (err) {
    return errorResponse(err);
  }
}
