import { requireStaff } from "@/lib/access/roles";
import { helpInboxQuerySchema } from "@/lib/help/help-protocol";
import { helpInbox } from "@/lib/help/help-threads";
import { apiRoute } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** The requests for help of the learners the caller may see (`?status=open|resolved`, else all, open first). */
export const GET = apiRoute(async (request: Request) => {
  const user = await requireStaff("read requests for help");
  const query = helpInboxQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json({ requests: await helpInbox(user, query) });
});
