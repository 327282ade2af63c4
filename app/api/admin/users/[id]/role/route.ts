import { z } from "zod";
import { requireAdmin } from "@/lib/access/roles";
import { setRole, setRoleRequestSchema } from "@/lib/auth/manage-roles";
import { readJson } from "@/lib/http/read-json";
import { routeParams } from "@/lib/http/route-params";
import { errorResponse } from "@/lib/http/to-response";
import { rowIdSchema } from "@/lib/list-query/list-query";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema });

/** Body `{ role: "learner" | "instructor" | "admin" }`; answers `{ person }` with the account as it now is. */
export async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const admin = await requireAdmin("change roles");
    const { id } = await routeParams(params, paramsSchema);
    const { role } = await readJson(request, setRoleRequestSchema, 1024);
    return Response.json({ person: await setRole(admin, id, role) });
  } catch (err) {
    return errorResponse(err);
  }
}
