import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { startLab } from "@/lib/labs/start-lab";
import { SESSION_REQUEST_MAX_BYTES } from "@/lib/sessions/send-session-input";
import { openSessionSchema } from "@/lib/sessions/session-protocol";
import { openShell } from "@/lib/shell/open-shell";

export const dynamic = "force-dynamic";

/** Opens a shell or starts a lab (each kind decides who may); 200 when it hands back the caller's live one. */
export const POST = apiRoute(async (request: Request) => {
  const user = await requireUser("open a shell or a lab");
  const body = await readJson(request, openSessionSchema, SESSION_REQUEST_MAX_BYTES);
  const opened = body.kind === "shell" ? await openShell(user, body) : await startLab(user, body);
  return Response.json(opened, { status: opened.reattached ? 200 : 201 });
});
