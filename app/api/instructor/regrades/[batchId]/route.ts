import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { apiRoute } from "@/lib/http/api-route";
import { routeParams } from "@/lib/http/route-params";
import { regradeProgress } from "@/lib/instructor/regrade";
import { rowIdSchema } from "@/lib/list-query/list-query";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ batchId: rowIdSchema });

/** A re-grade's progress: { exerciseSlug, total, queued, running, passed, failed, error, done }. */
export const GET = apiRoute(async (_request: Request, { params }: { params: Promise<{ batchId: string }> }) => {
  const staff = await requireStaff("follow a re-grade");
  const { batchId } = await routeParams(params, paramsSchema);
  return Response.json(await regradeProgress(staff, batchId), { headers: { "Cache-Control": "no-store" } });
});
