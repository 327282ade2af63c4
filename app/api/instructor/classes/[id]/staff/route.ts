import { requireStaff } from "@/lib/access/roles";
import { setClassStaff, staffChangeSchema } from "@/lib/classes/classes";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { idParam } from "@/lib/http/route-params";

export const dynamic = "force-dynamic";

/** Body `{ email, role: "instructor" | "ta" | null }`: null takes them off the class's staff. */
export const POST = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireStaff("change a class's staff");
  const { id } = await idParam(params);
  const body = await readJson(request, staffChangeSchema, 4096);
  await setClassStaff(user, id, body);
  return new Response(null, { status: 204 });
});
