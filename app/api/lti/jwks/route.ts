import { errorResponse } from "@/lib/http/to-response";
import { publicKeyset } from "@/lib/lti/tool-keys";

export const dynamic = "force-dynamic";

/** The tool's public keys, for the LMS to check what Dockyard signs. */
export async function GET() {
  try {
    return Response.json(await publicKeyset(), { headers: { "Cache-Control": "public, max-age=300" } });
  } catch (err) {
    return errorResponse(err);
  }
}
