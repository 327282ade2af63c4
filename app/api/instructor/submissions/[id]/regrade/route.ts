import { requireStaff } from "@/lib/access/roles";
import { apiRoute } from "@/lib/http/api-route";
import { idParam } from "@/lib/http/route-params";
import { regradeSubmission } from "@/lib/instructor/regrade";

export const dynamic = "force-dynamic";

/** Queues a re-grade of one submission: 202 { batchId, total }; follow it at /api/instructor/regrades/<batchId>. */
export const POST = apiRoute(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const staff = await requireStaff("re-grade submissions");
  const { id } = await idParam(params);
  return Response.json(await regradeSubmission(staff, id), { status: 202 });
});
