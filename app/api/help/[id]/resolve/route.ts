import { requireUser } from "@/lib/auth/current-user";
import { resolveHelp } from "@/lib/help/help-threads";
import { apiRoute } from "@/lib/http/api-route";
import { idParam } from "@/lib/http/route-params";

export const dynamic = "force-dynamic";

/** Marks a request resolved: the learner's "Mark solved", staff's "Resolved". */
export const POST = apiRoute(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser("mark a request for help resolved");
  const { id } = await idParam(params);
  await resolveHelp(user, id);
  return new Response(null, { status: 204 });
});
