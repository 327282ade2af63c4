import { requireStaff } from "@/lib/access/roles";
import { classFieldsSchema } from "@/lib/classes/class-fields";
import { createClass } from "@/lib/classes/classes";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

/** Body `{ name, term }`; answers 201 `{ id, joinCode }`. */
export const POST = apiRoute(async (request: Request) => {
  const user = await requireStaff("create classes");
  const body = await readJson(request, classFieldsSchema, 4096);
  return Response.json(await createClass(user, body), { status: 201 });
});
