import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { routeParams } from "@/lib/http/route-params";
import { errorResponse } from "@/lib/http/to-response";
import { closeLab } from "@/lib/labs/close-lab";
import { rowIdSchema } from "@/lib/list-query/list-query";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema });

/** A POST, not a DELETE: `navigator.sendBeacon` on pagehide can only POST. */
export async function POST(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireUser("close your lab");
    const { id } = await routeParams(params, paramsSchema);
    return Response.json(await closeLab(user, id), { status: 202 });
  } catch (err) {
    return errorResponse(err);
  }
}
