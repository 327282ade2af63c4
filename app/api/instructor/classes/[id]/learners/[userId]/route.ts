import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { removeLearner } from "@/lib/classes/classes";
import { routeParams } from "@/lib/http/route-params";
import { errorResponse } from "@/lib/http/to-response";
import { rowIdSchema } from "@/lib/list-query/list-query";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema, userId: rowIdSchema });

/** Takes a learner out of the class (their work stays). */
export async function DELETE(_request: Request, { params }: { params: Promise<{ id: string; userId: string }> }) {
  try {
    const user = await requireStaff("remove learners from a class");
    const { id, userId } = await routeParams(params, paramsSchema);
    await removeLearner(user, id, userId);
    return new Response(null, { status: 204 });
  } catch (err) {
    return errorResponse(err);
  }
}
