import { requireStaff } from "@/lib/access/roles";
import { staffScope } from "@/lib/access/staff-scope";
import { apiRoute } from "@/lib/http/api-route";
import { slugParam } from "@/lib/http/route-params";
import { similarityReport } from "@/lib/instructor/similarity";

export const dynamic = "force-dynamic";

/**
 * Clusters of learners whose final Dockerfiles for the exercise are unusually alike, with scores and the closest
 * pair's diff; `?class=<id>` for one class the staff member teaches (any other id shows no learners).
 */
export const GET = apiRoute(async (request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const staff = await requireStaff("compare learners' Dockerfiles");
  const { slug } = await slugParam(params);
  const classId = new URL(request.url).searchParams.get("class") || null;
  return Response.json(await similarityReport(await staffScope(staff), slug, classId), {
    headers: { "Cache-Control": "no-store" },
  });
});
