import { requireStaff } from "@/lib/access/roles";
import { classFieldsSchema } from "@/lib/classes/class-fields";
import { createClass } from "@/lib/classes/classes";
import { readJson } from "@/lib/http/read-json";
import { errorResponse } from "@/lib/http/to-response";

export const dynamic = "force-dynamic";

/** Body `{ name, term }`; answers 201 `{ id, joinCode }`. */
export async function POST(request: Request) {
  try {
    const user = await requireStaff("create classes");
    const body = await readJson(request, classFieldsSchema, 4096);
    return Response.json(await createClass(user, body), { status: 201 });
  } catch (err) {
    return errorResponse(err);
  }
}
