import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { setClassStaff, staffChangeSchema } from "@/lib/classes/classes";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { routeParams } from "@/lib/http/route-params";
import { rowIdSchema } from "@/lib/list-query/list-query";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema });

/** Body `{ email, role: "instructor" | "ta" | null }`: null takes them off the class's staff. */
export const POST = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireStaff("change a class's staff");
  const { id } = await routeParams(params, paramsSchema);
  const body = await readJson(request, staffChangeSchema, 4096);
  await setClassStaff(user, id, body);
  return new Response(null, { status: 204 });
});
