import { requireAdmin } from "@/lib/access/roles";
import { apiRoute } from "@/lib/http/api-route";
import { rotateToolKey } from "@/lib/lti/tool-keys";

export const dynamic = "force-dynamic";

/** Rotates the tool's signing key; answers `{ kid }` of the new one. */
export const POST = apiRoute(async () => {
  const user = await requireAdmin("rotate the tool's key");
  return Response.json(await rotateToolKey(user));
});
