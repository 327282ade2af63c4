import { currentUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { readerTimed, timedQuerySchema } from "@/lib/timed/timed-windows";

export const dynamic = "force-dynamic";

/**
 * The reader's timed assessments of one item (`?kind=exercise|lab|quiz&item=<slug>`) with the server's clock, read
 * by every item page's timed panel (a lesson's is prerendered). A visitor gets none, not a 401.
 */
export const GET = apiRoute(async (request: Request) => {
  const query = timedQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await readerTimed(await currentUser(), query), {
    headers: { "Cache-Control": "private, no-store" },
  });
});
