import { requireStaff } from "@/lib/access/roles";
import { watchStanding } from "@/lib/help/help-threads";
import { apiRoute } from "@/lib/http/api-route";
import { idParam } from "@/lib/http/route-params";

export const dynamic = "force-dynamic";

/** Whether the caller may watch the request's lab now and which tab is shared, or why sharing stopped. */
export const GET = apiRoute(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireStaff("watch a learner's lab");
  const { id } = await idParam(params);
  return Response.json(await watchStanding(user, id), { headers: { "cache-control": "no-store" } });
});
