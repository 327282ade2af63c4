import { requireAdmin } from "@/lib/access/roles";
import { readJson } from "@/lib/http/read-json";
import { errorResponse } from "@/lib/http/to-response";
import { platformFieldsSchema } from "@/lib/lti/platform-fields";
import { savePlatform } from "@/lib/lti/platforms";

export const dynamic = "force-dynamic";

/** Registers an LMS; body as lib/lti/platform-fields.ts. Answers 201 with the registration. */
export async function POST(request: Request) {
  try {
    const user = await requireAdmin("register an LMS");
    const body = await readJson(request, platformFieldsSchema, 16 * 1024);
    return Response.json(await savePlatform(user, body), { status: 201 });
  } catch (err) {
    return errorResponse(err);
  }
}
