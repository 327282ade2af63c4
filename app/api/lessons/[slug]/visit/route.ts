import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { slugSchema } from "@/lib/content/schemas";
import { apiRoute } from "@/lib/http/api-route";
import { routeParams } from "@/lib/http/route-params";
import { visitLesson } from "@/lib/progress/viewer";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ slug: slugSchema });

export const POST = apiRoute(async (_request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const user = await requireUser("keep track of the lessons you have read");
  const { slug } = await routeParams(params, paramsSchema);
  return Response.json(await visitLesson(user.id, slug));
});
