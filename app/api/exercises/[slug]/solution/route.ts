import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { slugSchema } from "@/lib/content/schemas";
import { referenceSolution } from "@/lib/exercises/solution";
import { routeParams } from "@/lib/http/route-params";
import { errorResponse } from "@/lib/http/to-response";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ slug: slugSchema });

/** The reference solution with a diff from the learner's last attempt; 403 with the reason until it opens. */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const user = await requireUser("see the reference solution");
    const { slug } = await routeParams(params, paramsSchema);
    return Response.json(await referenceSolution(user.id, slug));
  } catch (err) {
    return errorResponse(err);
  }
}
