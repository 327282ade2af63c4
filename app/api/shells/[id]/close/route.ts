import { requireUser } from "@/lib/auth/current-user";
import { errorResponse } from "@/lib/http/to-response";
import { closeShell } from "@/lib/shell/close-shell";

export const dynamic = "force-dynamic";

/** The same as `DELETE /api/shells/:id`, as a POST: `navigator.sendBeacon` on pagehide can only POST. */
export async function POST(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireUser("close your shell");
    return Response.json(await closeShell(user, (await params).id));
  } catch (err) {
    return errorResponse(err);
  }
}
