import { requireUser } from "@/lib/auth/current-user";
import { askForHelp } from "@/lib/help/ask-for-help";
import { askForHelpSchema, HELP_REQUEST_MAX_BYTES, helpItemSchema } from "@/lib/help/help-protocol";
import { helpForLearner } from "@/lib/help/help-threads";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

/** The learner's requests for help about one lab or exercise (`?kind=lab&slug=…`), with their threads. */
export const GET = apiRoute(async (request: Request) => {
  const user = await requireUser("read your requests for help");
  const item = helpItemSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await helpForLearner(user.id, item));
});

/** Asks the learner's class staff for help, with a snapshot of the lab or the attempt. */
export const POST = apiRoute(async (request: Request) => {
  const user = await requireUser("ask for help");
  const body = await readJson(request, askForHelpSchema, HELP_REQUEST_MAX_BYTES);
  return Response.json({ request: await askForHelp(user, body) }, { status: 201 });
});
