import { requireStaff } from "@/lib/access/roles";
import { copyClassSchema } from "@/lib/classes/copy-class-input";
import { copyClass } from "@/lib/classes/next-term";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { idParam } from "@/lib/http/route-params";

export const dynamic = "force-dynamic";

/**
 * Copies the class to a new one for the next term. Body `{ name, term, days, timeZone, copyStaff }`; answers 201
 * `{ id, name, assignments, days, staff }`.
 */
export const POST = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireStaff("copy a class");
  const { id } = await idParam(params);
  const body = await readJson(request, copyClassSchema, 4096);
  return Response.json(await copyClass(user, id, body), { status: 201 });
});
