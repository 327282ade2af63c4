import { requireUser } from "@/lib/auth/current-user";
import { routeParams } from "@/lib/http/route-params";
import { errorResponse } from "@/lib/http/to-response";
import { attemptParamsSchema, restoreAttempt } from "@/lib/submissions/history";

export const dynamic = "force-dynamic";

/** Makes the attempt's files the learner's draft; answers as a draft save does. */
export async function POST(_request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  try {
    const user = await requireUser("restore an attempt");
    const { slug, id } = await routeParams(params, attemptParamsSchema);
    return Response.json(await restoreAttempt(user.id, slug, id));
  } catch (err) {
    return errorResponse(err);
  }
}
