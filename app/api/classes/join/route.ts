import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { joinClass } from "@/lib/classes/classes";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ code: z.string().max(64) }).strict();

/** Body `{ code }`: joins the class the code opens, as a learner; answers `{ id, name }`. */
export const POST = apiRoute(async (request: Request) => {
  const user = await requireUser("join a class");
  const { code } = await readJson(request, bodySchema, 1024);
  return Response.json(await joinClass(user, code));
});
