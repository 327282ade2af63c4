import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { rowIdParams } from "@/lib/http/route-params";
import { startTimedWindow } from "@/lib/timed/timed-windows";

export const dynamic = "force-dynamic";

/**
 * The learner starts their window of a timed assessment: its end is fixed by the server now. Starting again answers
 * the same window, never a new one; no body, so nothing the learner sends can change the time.
 */
export const POST = apiRoute(async (_request: Request, { params }: { params: Promise<{ assignmentId: string }> }) => {
  const user = await requireUser("start a timed assessment");
  const { assignmentId } = await rowIdParams(params, "assignmentId");
  return Response.json(await startTimedWindow(user.id, assignmentId));
});
