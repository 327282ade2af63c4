import { requireStaff } from "@/lib/access/roles";
import { apiRoute } from "@/lib/http/api-route";
import { slugParam } from "@/lib/http/route-params";
import { regradeExercise } from "@/lib/instructor/regrade";

export const dynamic = "force-dynamic";

/** Queues a re-grade of every learner's graded attempt at the exercise: 202 { batchId, total }. */
export const POST = apiRoute(async (_request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const staff = await requireStaff("re-grade submissions");
  const { slug } = await slugParam(params);
  return Response.json(await regradeExercise(staff, slug), { status: 202 });
});
