import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { staffScope } from "@/lib/access/staff-scope";
import { slugSchema } from "@/lib/content/schemas";
import { apiRoute } from "@/lib/http/api-route";
import { routeParams } from "@/lib/http/route-params";
import { similarityReport } from "@/lib/instructor/similarity";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ slug: slugSchema });

/**
 * Clusters of learners whose final Dockerfiles for the exercise are unusually alike, with scores and the closest
 * pair's diff; `?class=<id>` for one class the staff member teaches (any other id shows no learners).
 */
export const GET = apiRoute(async (request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const staff = await requireStaff("compare learners' Dockerfiles");
  const { slug } = await routeParams(params, paramsSchema);
  const classId = new URL(request.url).searchParams.get("class") || null;
  return Response.json(await similarityReport(await staffScope(staff), slug, classId), {
    headers: { "Cache-Control": "no-store" },
  });
});
