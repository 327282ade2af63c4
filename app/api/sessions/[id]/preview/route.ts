import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { idParam } from "@/lib/http/route-params";
import { labPreviewRequestSchema } from "@/lib/labs/lab-protocol";
import { requestLabPreview } from "@/lib/labs/request-lab-preview";
import { SESSION_REQUEST_MAX_BYTES } from "@/lib/sessions/send-session-input";

export const dynamic = "force-dynamic";

/** 202: the answer comes later, as a `preview` event on the lab's stream with the request id given here. */
export const POST = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser("preview a port of your lab");
  const { id } = await idParam(params);
  const body = await readJson(request, labPreviewRequestSchema, SESSION_REQUEST_MAX_BYTES);
  return Response.json(await requestLabPreview(user, id, body), { status: 202 });
});
