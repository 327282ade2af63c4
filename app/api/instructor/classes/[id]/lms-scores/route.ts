import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { routeParams } from "@/lib/http/route-params";
import { rowIdSchema } from "@/lib/list-query/list-query";
import { retryBodySchema, retryScores } from "@/lib/lti/score-log";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema });

/** Sends failed LMS scores of the class again now: `{ linkId, userId }` or `{ all: true }`; answers `{ requeued }`. */
export const POST = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireStaff("send LMS scores again");
  const { id } = await routeParams(params, paramsSchema);
  const body = await readJson(request, retryBodySchema, 1024);
  return Response.json(await retryScores(user, id, body));
});
