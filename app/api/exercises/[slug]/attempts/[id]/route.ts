import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { routeParams } from "@/lib/http/route-params";
import { attemptParamsSchema, loadAttempt } from "@/lib/submissions/history";

export const dynamic = "force-dynamic";

export const GET = apiRoute(
  async (_request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) => {
    const user = await requireUser("see your attempts");
    const { slug, id } = await routeParams(params, attemptParamsSchema);
    return Response.json({ attempt: await loadAttempt(user.id, slug, id) });
  },
);
