import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { routeParams } from "@/lib/http/route-params";
import { rowIdSchema } from "@/lib/list-query/list-query";
import { withdrawSubmission } from "@/lib/submissions/withdraw-submission";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema });

/** The learner takes back a submission no grader has started. */
export const POST = apiRoute(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser("withdraw a submission");
  const { id } = await routeParams(params, paramsSchema);
  return Response.json(await withdrawSubmission(user, id));
});
