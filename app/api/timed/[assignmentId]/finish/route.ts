import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { rowIdParams } from "@/lib/http/route-params";
import { finishOwnTimedWindow } from "@/lib/timed/timed-windows";

export const dynamic = "force-dynamic";

/** The learner ends their running window early; work after this does not count. */
export const POST = apiRoute(async (_request: Request, { params }: { params: Promise<{ assignmentId: string }> }) => {
  const user = await requireUser("finish a timed assessment");
  const { assignmentId } = await rowIdParams(params, "assignmentId");
  return Response.json(await finishOwnTimedWindow(user.id, assignmentId));
});
