import { requireStaff } from "@/lib/auth/roles";
import { errorResponse } from "@/lib/http/to-response";
import { gradebookJsonExport } from "@/lib/instructor/gradebook";

export const dynamic = "force-dynamic";

/** The whole gradebook as JSON for scripts: columns, then every learner's best score per column (null: none yet). */
export async function GET() {
  try {
    const staff = await requireStaff("read the gradebook");
    return Response.json(await gradebookJsonExport(staff), { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return errorResponse(err);
  }
}
