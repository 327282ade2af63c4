import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { routeParams } from "@/lib/http/route-params";
import { errorResponse } from "@/lib/http/to-response";
import { rowIdSchema } from "@/lib/list-query/list-query";
import { closeShell } from "@/lib/shell/close-shell";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema });

/** The same as `DELETE /api/shells/:id`, as a POST: `navigator.sendBeacon` on pagehide can only POST. */
export async function POST(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireUser("close your shell");
    const { id } = await routeParams(params, paramsSchema);
    return Response.json(await closeShell(user, id));
  } catch (err) {
    return errorResponse(err);
  }
}
