import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { routeParams } from "@/lib/http/route-params";
import { attemptParamsSchema, restoreAttempt } from "@/lib/submissions/history";

export const dynamic = "force-dynamic";

/** Makes the attempt's files the learner's draft; answers as a draft save does. */
export const POST = apiRoute(
  async (_request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) => {
    const user = await requireUser("restore an attempt");
    const { slug, id } = await routeParams(params, attemptParamsSchema);
    return Response.json(await restoreAttempt(user.id, slug, id));
  },
);
