import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { routeParams } from "@/lib/http/route-params";
import { errorResponse } from "@/lib/http/to-response";
import { getLab } from "@/lib/labs/lab-sessions";
import { rowIdSchema } from "@/lib/list-query/list-query";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema });

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireUser("see your lab");
    const { id } = await routeParams(params, paramsSchema);
    return Response.json(await getLab(user, id));
  } catch (err) {
    return errorResponse(err);
  }
}
