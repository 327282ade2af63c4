import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { routeParams } from "@/lib/http/route-params";
import { errorResponse } from "@/lib/http/to-response";
import { regradeProgress } from "@/lib/instructor/regrade";
import { rowIdSchema } from "@/lib/list-query/list-query";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ batchId: rowIdSchema });

/** A re-grade's progress: { exerciseSlug, total, queued, running, passed, failed, error, done }. */
export async function GET(_request: Request, { params }: { params: Promise<{ batchId: string }> }) {
  try {
    const staff = await requireStaff("follow a re-grade");
    const { batchId } = await routeParams(params, paramsSchema);
    return Response.json(await regradeProgress(staff, batchId), { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return errorResponse(err);
  }
}
