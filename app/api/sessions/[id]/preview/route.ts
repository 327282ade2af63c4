import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { routeParams } from "@/lib/http/route-params";
import { labPreviewRequestSchema } from "@/lib/labs/lab-protocol";
import { requestLabPreview } from "@/lib/labs/request-lab-preview";
import { rowIdSchema } from "@/lib/list-query/list-query";
import { SESSION_REQUEST_MAX_BYTES } from "@/lib/sessions/send-session-input";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema });

/** 202: the answer comes later, as a `preview` event on the lab's stream with the request id given here. */
export const POST = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser("preview a port of your lab");
  const { id } = await routeParams(params, paramsSchema);
  const body = await readJson(request, labPreviewRequestSchema, SESSION_REQUEST_MAX_BYTES);
  return Response.json(await requestLabPreview(user, id, body), { status: 202 });
});
