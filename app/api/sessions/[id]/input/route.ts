import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { idParam } from "@/lib/http/route-params";
import { SESSION_REQUEST_MAX_BYTES, sendSessionInput } from "@/lib/sessions/send-session-input";
import { terminalInputSchema } from "@/lib/sessions/session-protocol";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser("type into your shell or lab");
  const { id } = await idParam(params);
  const input = await readJson(request, terminalInputSchema, SESSION_REQUEST_MAX_BYTES);
  await sendSessionInput(user, id, input);
  return new Response(null, { status: 204 });
});
