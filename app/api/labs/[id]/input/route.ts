import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { readJson } from "@/lib/http/read-json";
import { routeParams } from "@/lib/http/route-params";
import { errorResponse } from "@/lib/http/to-response";
import { labInputSchema } from "@/lib/labs/lab-protocol";
import { LAB_REQUEST_MAX_BYTES, sendLabInput } from "@/lib/labs/send-lab-input";
import { rowIdSchema } from "@/lib/list-query/list-query";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema });

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireUser("type into your lab");
    const { id } = await routeParams(params, paramsSchema);
    const input = await readJson(request, labInputSchema, LAB_REQUEST_MAX_BYTES);
    await sendLabInput(user, id, input);
    return new Response(null, { status: 202 });
  } catch (err) {
    return errorResponse(err);
  }
}
