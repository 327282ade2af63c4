import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { slugParam } from "@/lib/http/route-params";
import { forgetKeptLabFor } from "@/lib/labs/kept-labs";

export const dynamic = "force-dynamic";

/** Deletes the learner's kept work of a lab: `{ forgotten: true }`; 404 with none, 409 while a lab runs on it. */
export const DELETE = apiRoute(async (_request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const user = await requireUser("delete the work kept of a lab");
  const { slug } = await slugParam(params);
  return Response.json(await forgetKeptLabFor(user.id, slug));
});
