import { currentUser } from "@/lib/auth/current-user";
import { itemDeadlinesQuerySchema, readerDeadlines } from "@/lib/classes/due-list";
import { apiRoute } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/**
 * The reader's deadlines for one item (`?kind=exercise|lab|quiz&item=<slug>`, a quiz's item being its lesson), for
 * the pages prerendered for everyone. A visitor gets an empty list, not a 401: they see those pages too, and a
 * refusal would be an error in their console.
 */
export const GET = apiRoute(async (request: Request) => {
  const query = itemDeadlinesQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await readerDeadlines(await currentUser(), query), {
    headers: { "Cache-Control": "private, no-store" },
  });
});
