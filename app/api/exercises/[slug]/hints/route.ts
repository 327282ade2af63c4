import { requireUser } from "@/lib/auth/current-user";
import { hintRequestSchema, learnerHints, requestHint } from "@/lib/exercises/hints";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { slugParam } from "@/lib/http/route-params";

export const dynamic = "force-dynamic";

/** The learner's open hints, how many are still locked, and when the next opens by itself. */
export const GET = apiRoute(async (_request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const user = await requireUser("see the hints");
  const { slug } = await slugParam(params);
  return Response.json(await learnerHints(user.id, slug));
});

/** Opens the next hint on request (`{ "index": n }`, the one offered); the instructor sees that it was asked for. */
export const POST = apiRoute(async (request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const user = await requireUser("ask for a hint");
  const { slug } = await slugParam(params);
  const { index } = await readJson(request, hintRequestSchema, 1024);
  return Response.json(await requestHint(user.id, slug, index));
});
