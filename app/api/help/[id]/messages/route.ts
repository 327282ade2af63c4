import { requireUser } from "@/lib/auth/current-user";
import { HELP_REQUEST_MAX_BYTES, helpReplySchema } from "@/lib/help/help-protocol";
import { replyToHelp } from "@/lib/help/help-threads";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { idParam } from "@/lib/http/route-params";

export const dynamic = "force-dynamic";

/** A message in a request's thread, by the learner who asked or by staff who may see them. */
export const POST = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser("answer a request for help");
  const { id } = await idParam(params);
  const { body } = await readJson(request, helpReplySchema, HELP_REQUEST_MAX_BYTES);
  return Response.json({ message: await replyToHelp(user, id, body) }, { status: 201 });
});
