import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { routeParams } from "@/lib/http/route-params";
import { rowIdSchema } from "@/lib/list-query/list-query";
import { finishOwnTimedWindow } from "@/lib/timed/timed-windows";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ assignmentId: rowIdSchema });

/** The learner ends their running window early; work after this does not count. */
export const POST = apiRoute(async (_request: Request, { params }: { params: Promise<{ assignmentId: string }> }) => {
  const user = await requireUser("finish a timed assessment");
  const { assignmentId } = await routeParams(params, paramsSchema);
  return Response.json(await finishOwnTimedWindow(user.id, assignmentId));
});
