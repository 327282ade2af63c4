import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { importRoster, ROSTER_LIMITS } from "@/lib/classes/roster";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { idParam } from "@/lib/http/route-params";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ csv: z.string() }).strict();

/** Body `{ csv }`: a roster (an `email` column, optionally `role`); answers what was added, invited and refused. */
export const POST = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireStaff("import a roster");
  const { id } = await idParam(params);
  // JSON escapes can double a CSV's size on the way.
  const { csv } = await readJson(request, bodySchema, ROSTER_LIMITS.bytes * 2);
  return Response.json(await importRoster(user, id, csv));
});
