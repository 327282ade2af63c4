import { requireAdmin } from "@/lib/access/roles";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { platformFieldsSchema } from "@/lib/lti/platform-fields";
import { savePlatform } from "@/lib/lti/platforms";

export const dynamic = "force-dynamic";

/** Registers an LMS; body as lib/lti/platform-fields.ts. Answers 201 with the registration. */
export const POST = apiRoute(async (request: Request) => {
  const user = await requireAdmin("register an LMS");
  const body = await readJson(request, platformFieldsSchema, 16 * 1024);
  return Response.json(await savePlatform(user, body), { status: 201 });
});
