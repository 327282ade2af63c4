import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { slugParam } from "@/lib/http/route-params";
import { listAttempts } from "@/lib/submissions/history";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (_request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const user = await requireUser("see your attempts");
  const { slug } = await slugParam(params);
  return Response.json({ attempts: await listAttempts(user.id, slug) });
});
