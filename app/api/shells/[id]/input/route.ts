import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { readJson } from "@/lib/http/read-json";
import { routeParams } from "@/lib/http/route-params";
import { errorResponse } from "@/lib/http/to-response";
import { rowIdSchema } from "@/lib/list-query/list-query";
import { SHELL_REQUEST_MAX_BYTES, sendShellInput } from "@/lib/shell/send-shell-input";
import { shellInputSchema } from "@/lib/shell/shell-protocol";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema });

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireUser("type into your shell");
    const { id } = await routeParams(params, paramsSchema);
    const input = await readJson(request, shellInputSchema, SHELL_REQUEST_MAX_BYTES);
    await sendShellInput(user, id, input);
    return new Response(null, { status: 204 });
  } catch (err) {
    return errorResponse(err);
  }
}
