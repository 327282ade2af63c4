import { requireUser } from "@/lib/auth/current-user";
import { routeParams } from "@/lib/http/route-params";
import { errorResponse } from "@/lib/http/to-response";
import { attemptParamsSchema, loadAttempt } from "@/lib/submissions/history";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  try {
    const user = await requireUser("see your attempts");
    const { slug, id } = await routeParams(params, attemptParamsSchema);
    return Response.json({ attempt: await loadAttempt(user.id, slug, id) });
  } catch (err) {
    return errorResponse(err);
  }
}
