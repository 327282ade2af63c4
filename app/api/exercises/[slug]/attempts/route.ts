import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { slugSchema } from "@/lib/content/schemas";
import { routeParams } from "@/lib/http/route-params";
import { errorResponse } from "@/lib/http/to-response";
import { listAttempts } from "@/lib/submissions/history";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ slug: slugSchema });

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const user = await requireUser("see your attempts");
    const { slug } = await routeParams(params, paramsSchema);
    return Response.json({ attempts: await listAttempts(user.id, slug) });
  } catch (err) {
    return errorResponse(err);
  }
}
