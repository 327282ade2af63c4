import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { removeLearner } from "@/lib/classes/classes";
import { apiRoute } from "@/lib/http/api-route";
import { routeParams } from "@/lib/http/route-params";
import { rowIdSchema } from "@/lib/list-query/list-query";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema, userId: rowIdSchema });

/** Takes a learner out of the class (their work stays). */
export const DELETE = apiRoute(
  async (_request: Request, { params }: { params: Promise<{ id: string; userId: string }> }) => {
    const user = await requireStaff("remove learners from a class");
    const { id, userId } = await routeParams(params, paramsSchema);
    await removeLearner(user, id, userId);
    return new Response(null, { status: 204 });
  },
);
