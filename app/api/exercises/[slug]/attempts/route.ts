import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { slugSchema } from "@/lib/content/schemas";
import { apiRoute } from "@/lib/http/api-route";
import { routeParams } from "@/lib/http/route-params";
import { listAttempts } from "@/lib/submissions/history";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ slug: slugSchema });

export const GET = apiRoute(async (_request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const user = await requireUser("see your attempts");
  const { slug } = await routeParams(params, paramsSchema);
  return Response.json({ attempts: await listAttempts(user.id, slug) });
});
