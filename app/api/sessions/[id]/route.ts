import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { routeParams } from "@/lib/http/route-params";
import { rowIdSchema } from "@/lib/list-query/list-query";
import { closeSession } from "@/lib/sessions/close-session";
import { getSession } from "@/lib/sessions/get-session";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema });

export const GET = apiRoute(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser("see your shell or lab");
  const { id } = await routeParams(params, paramsSchema);
  return Response.json(await getSession(user, id));
});

/** 202 while the host holding it stops it (the stream then shows `closed`); 200 once closed. */
export const DELETE = apiRoute(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser("close your shell or lab");
  const { id } = await routeParams(params, paramsSchema);
  const closed = await closeSession(user, id);
  return Response.json(closed, { status: closed.status === "closed" ? 200 : 202 });
});
