import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { slugSchema } from "@/lib/content/schemas";
import { apiRoute } from "@/lib/http/api-route";
import { routeParams } from "@/lib/http/route-params";
import { regradeExercise } from "@/lib/instructor/regrade";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ slug: slugSchema });

/** Queues a re-grade of every learner's graded attempt at the exercise: 202 { batchId, total }. */
export const POST = apiRoute(async (_request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const staff = await requireStaff("re-grade submissions");
  const { slug } = await routeParams(params, paramsSchema);
  return Response.json(await regradeExercise(staff, slug), { status: 202 });
});
