import { requireStaff } from "@/lib/access/roles";
import { apiRoute } from "@/lib/http/api-route";
import { gradebookClassSchema, gradebookJsonExport } from "@/lib/instructor/gradebook";

export const dynamic = "force-dynamic";

/**
 * The whole gradebook as JSON for scripts: columns, then every learner's best score per column (null: none yet);
 * `?class=<id>` for one class's learners, its assigned items credited by their late policy.
 */
export const GET = apiRoute(async (request: Request) => {
  const staff = await requireStaff("read the gradebook");
  const classId = gradebookClassSchema.parse(new URL(request.url).searchParams.get("class"));
  return Response.json(await gradebookJsonExport(staff, classId), { headers: { "Cache-Control": "no-store" } });
});
