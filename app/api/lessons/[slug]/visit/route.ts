import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { slugSchema } from "@/lib/content/schemas";
import { routeParams } from "@/lib/http/route-params";
import { errorResponse } from "@/lib/http/to-response";
import { visitLesson } from "@/lib/progress/viewer";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ slug: slugSchema });

export async function POST(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const user = await requireUser("keep track of the lessons you have read");
    const { slug } = await routeParams(params, paramsSchema);
    return Response.json(await visitLesson(user.id, slug));
  } catch (err) {
    return errorResponse(err);
  }
}
