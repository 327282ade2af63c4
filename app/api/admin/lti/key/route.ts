import { requireAdmin } from "@/lib/access/roles";
import { errorResponse } from "@/lib/http/to-response";
import { rotateToolKey } from "@/lib/lti/tool-keys";

export const dynamic = "force-dynamic";

/** Rotates the tool's signing key; answers `{ kid }` of the new one. */
export async function POST() {
  try {
    const user = await requireAdmin("rotate the tool's key");
    return Response.json(await rotateToolKey(user));
  } catch (err) {
    return errorResponse(err);
  }
}
