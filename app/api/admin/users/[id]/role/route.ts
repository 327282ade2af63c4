import { requireAdmin } from "@/lib/access/roles";
import { setRole, setRoleRequestSchema } from "@/lib/auth/manage-roles";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { idParam } from "@/lib/http/route-params";

export const dynamic = "force-dynamic";

/** Body `{ role: "learner" | "instructor" | "admin" }`; answers `{ person }` with the account as it now is. */
export const PATCH = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const admin = await requireAdmin("change roles");
  const { id } = await idParam(params);
  const { role } = await readJson(request, setRoleRequestSchema, 1024);
  return Response.json({ person: await setRole(admin, id, role) });
});
