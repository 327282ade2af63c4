import { requireStaff } from "@/lib/access/roles";
import { apiRoute } from "@/lib/http/api-route";
import { idParam } from "@/lib/http/route-params";
import { syncRoster } from "@/lib/lti/roster-sync";

export const dynamic = "force-dynamic";

/** Syncs the class's roster from its LMS course; answers `{ added, changed, removed, unchanged, skipped }`. */
export const POST = apiRoute(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireStaff("sync a class's roster");
  const { id } = await idParam(params);
  return Response.json(await syncRoster(user, id));
});
