import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { routeParams } from "@/lib/http/route-params";
import { errorResponse } from "@/lib/http/to-response";
import { rowIdSchema } from "@/lib/list-query/list-query";
import { withdrawSubmission } from "@/lib/submissions/withdraw-submission";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema });

/** The learner takes back a submission no grader has started. */
export async function POST(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireUser("withdraw a submission");
    const { id } = await routeParams(params, paramsSchema);
    return Response.json(await withdrawSubmission(user, id));
  } catch (err) {
    return errorResponse(err);
  }
}
