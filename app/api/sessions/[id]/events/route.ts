import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { eventStreamResponse, lastEventId } from "@/lib/http/event-stream";
import { routeParams } from "@/lib/http/route-params";
import { rowIdSchema } from "@/lib/list-query/list-query";
import { streamSessionEvents } from "@/lib/sessions/stream-session-events";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema });

export const GET = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser("follow your shell or lab");
  const { id } = await routeParams(params, paramsSchema);
  return eventStreamResponse(await streamSessionEvents(user, id, lastEventId(request), request.signal));
});
