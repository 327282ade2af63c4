import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { idParam } from "@/lib/http/route-params";
import { submissionQueueStanding } from "@/lib/submissions/queue-standing";

export const dynamic = "force-dynamic";

/** Where a queued submission stands (position, graders, an estimate); `null` once a grader has taken it. */
export const GET = apiRoute(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser("see where your submission stands");
  const { id } = await idParam(params);
  return Response.json(await submissionQueueStanding(user, id));
});
