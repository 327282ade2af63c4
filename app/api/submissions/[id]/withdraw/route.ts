import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { idParam } from "@/lib/http/route-params";
import { withdrawSubmission } from "@/lib/submissions/withdraw-submission";

export const dynamic = "force-dynamic";

/** The learner takes back a submission no grader has started. */
export const POST = apiRoute(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser("withdraw a submission");
  const { id } = await idParam(params);
  return Response.json(await withdrawSubmission(user, id));
});
