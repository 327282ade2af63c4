import { requireStaff } from "@/lib/access/roles";
import { removeLearner } from "@/lib/classes/classes";
import { apiRoute } from "@/lib/http/api-route";
import { rowIdParams } from "@/lib/http/route-params";

export const dynamic = "force-dynamic";

/** Takes a learner out of the class (their work stays). */
export const DELETE = apiRoute(
  async (_request: Request, { params }: { params: Promise<{ id: string; userId: string }> }) => {
    const user = await requireStaff("remove learners from a class");
    const { id, userId } = await rowIdParams(params, "id", "userId");
    await removeLearner(user, id, userId);
    return new Response(null, { status: 204 });
  },
);
