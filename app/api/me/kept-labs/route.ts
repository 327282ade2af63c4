import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { keptLabsView } from "@/lib/labs/kept-labs";

export const dynamic = "force-dynamic";

/** The signed-in learner's kept labs, what they take of their quota and how long each stays (401 signed out). */
export const GET = apiRoute(async () => {
  const user = await requireUser("see the labs you have kept");
  return Response.json(await keptLabsView(user.id), { headers: { "Cache-Control": "private, no-store" } });
});
