import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { idParam } from "@/lib/http/route-params";
import { closeSession } from "@/lib/sessions/close-session";
import { getSession } from "@/lib/sessions/get-session";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser("see your shell or lab");
  const { id } = await idParam(params);
  return Response.json(await getSession(user, id));
});

/** 202 while the host holding it stops it (the stream then shows `closed`); 200 once closed. */
export const DELETE = apiRoute(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser("close your shell or lab");
  const { id } = await idParam(params);
  const closed = await closeSession(user, id);
  return Response.json(closed, { status: closed.status === "closed" ? 200 : 202 });
});
