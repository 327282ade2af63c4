import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { HELP_REQUEST_MAX_BYTES, helpReplySchema } from "@/lib/help/help-protocol";
import { replyToHelp } from "@/lib/help/help-threads";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { routeParams } from "@/lib/http/route-params";
import { rowIdSchema } from "@/lib/list-query/list-query";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema });

/** A message in a request's thread, by the learner who asked or by staff who may see them. */
export const POST = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser("answer a request for help");
  const { id } = await routeParams(params, paramsSchema);
  const { body } = await readJson(request, helpReplySchema, HELP_REQUEST_MAX_BYTES);
  return Response.json({ message: await replyToHelp(user, id, body) }, { status: 201 });
});
