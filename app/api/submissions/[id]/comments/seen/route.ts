import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { idParam } from "@/lib/http/route-params";
import { markCommentsSeen, seenInputSchema } from "@/lib/submissions/comments";

export const dynamic = "force-dynamic";

/** The learner's attempt page showed these comments: they stop counting as new feedback. */
export const POST = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser("mark feedback as read");
  const { id } = await idParam(params);
  const { ids } = await readJson(request, seenInputSchema, 64 * 1024);
  return Response.json({ seen: await markCommentsSeen(user, id, ids) });
});
