import { apiRoute } from "@/lib/http/api-route";
import { publicKeyset } from "@/lib/lti/tool-keys";

export const dynamic = "force-dynamic";

/** The tool's public keys, for the LMS to check what Dockyard signs. */
export const GET = apiRoute(async () => {
  return Response.json(await publicKeyset(), { headers: { "Cache-Control": "public, max-age=300" } });
});
