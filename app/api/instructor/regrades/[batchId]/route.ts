import { requireStaff } from "@/lib/access/roles";
import { apiRoute } from "@/lib/http/api-route";
import { rowIdParams } from "@/lib/http/route-params";
import { regradeProgress } from "@/lib/instructor/regrade";

export const dynamic = "force-dynamic";

/** A re-grade's progress: { exerciseSlug, total, queued, running, passed, failed, error, done }. */
export const GET = apiRoute(async (_request: Request, { params }: { params: Promise<{ batchId: string }> }) => {
  const staff = await requireStaff("follow a re-grade");
  const { batchId } = await rowIdParams(params, "batchId");
  return Response.json(await regradeProgress(staff, batchId), { headers: { "Cache-Control": "no-store" } });
});
