import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { copyClassSchema } from "@/lib/classes/copy-class-input";
import { copyClass } from "@/lib/classes/next-term";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { routeParams } from "@/lib/http/route-params";
import { rowIdSchema } from "@/lib/list-query/list-query";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema });

/**
 * Copies the class to a new one for the next term. Body `{ name, term, days, timeZone, copyStaff }`; answers 201
 * `{ id, name, assignments, days, staff }`.
 */
export const POST = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireStaff("copy a class");
  const { id } = await routeParams(params, paramsSchema);
  const body = await readJson(request, copyClassSchema, 4096);
  return Response.json(await copyClass(user, id, body), { status: 201 });
});
