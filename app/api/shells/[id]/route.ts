import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { routeParams } from "@/lib/http/route-params";
import { errorResponse } from "@/lib/http/to-response";
import { rowIdSchema } from "@/lib/list-query/list-query";
import { closeShell } from "@/lib/shell/close-shell";
import { getShell } from "@/lib/shell/shell-sessions";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema });

interface Context {
  params: Promise<{ id: string }>;
}

export async function GET(_request: Request, { params }: Context) {
  try {
    const user = await requireUser("see your shell");
    const { id } = await routeParams(params, paramsSchema);
    return Response.json(await getShell(user, id));
  } catch (err) {
    return errorResponse(err);
  }
}

export async function DELETE(_request: Request, { params }: Context) {
  try {
    const user = await requireUser("close your shell");
    const { id } = await routeParams(params, paramsSchema);
    return Response.json(await closeShell(user, id));
  } catch (err) {
    return errorResponse(err);
  }
}
