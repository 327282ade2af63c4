import { requireStaff } from "@/lib/access/roles";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { idParam } from "@/lib/http/route-params";
import { retryBodySchema, retryScores } from "@/lib/lti/score-log";

export const dynamic = "force-dynamic";

/** Sends failed LMS scores of the class again now: `{ linkId, userId }` or `{ all: true }`; answers `{ requeued }`. */
export const POST = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireStaff("send LMS scores again");
  const { id } = await idParam(params);
  const body = await readJson(request, retryBodySchema, 1024);
  return Response.json(await retryScores(user, id, body));
});
