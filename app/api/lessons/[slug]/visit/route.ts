import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { slugParam } from "@/lib/http/route-params";
import { visitLesson } from "@/lib/progress/viewer";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (_request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const user = await requireUser("keep track of the lessons you have read");
  const { slug } = await slugParam(params);
  return Response.json(await visitLesson(user.id, slug));
});
