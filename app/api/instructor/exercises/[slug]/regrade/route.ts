import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { slugSchema } from "@/lib/content/schemas";
import { routeParams } from "@/lib/http/route-params";
import { errorResponse } from "@/lib/http/to-response";
import { regradeExercise } from "@/lib/instructor/regrade";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ slug: slugSchema });

/** Queues a re-grade of every learner's graded attempt at the exercise: 202 { batchId, total }. */
export async function POST(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const staff = await requireStaff("re-grade submissions");
    const { slug } = await routeParams(params, paramsSchema);
    return Response.json(await regradeExercise(staff, slug), { status: 202 });
  } catch (err) {
    return errorResponse(err);
  }
}
