import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { routeParams } from "@/lib/http/route-params";
import { rowIdSchema } from "@/lib/list-query/list-query";
import { submissionQueueStanding } from "@/lib/submissions/queue-standing";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema });

/** Where a queued submission stands (position, graders, an estimate); `null` once a grader has taken it. */
export const GET = apiRoute(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser("see where your submission stands");
  const { id } = await routeParams(params, paramsSchema);
  return Response.json(await submissionQueueStanding(user, id));
});
