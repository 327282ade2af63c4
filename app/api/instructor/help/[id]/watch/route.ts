import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { watchStanding } from "@/lib/help/help-threads";
import { apiRoute } from "@/lib/http/api-route";
import { routeParams } from "@/lib/http/route-params";
import { rowIdSchema } from "@/lib/list-query/list-query";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema });

/** Whether the caller may watch the request's lab now and which tab is shared, or why sharing stopped. */
export const GET = apiRoute(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireStaff("watch a learner's lab");
  const { id } = await routeParams(params, paramsSchema);
  return Response.json(await watchStanding(user, id), { headers: { "cache-control": "no-store" } });
});
