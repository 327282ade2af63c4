import { requireUser } from "@/lib/auth/current-user";
import { readJson } from "@/lib/http/read-json";
import { errorResponse } from "@/lib/http/to-response";
import { openShell } from "@/lib/shell/open-shell";
import { SHELL_REQUEST_MAX_BYTES } from "@/lib/shell/send-shell-input";
import { openShellSchema } from "@/lib/shell/shell-protocol";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  try {
    const user = await requireUser("open a shell");
    const body = await readJson(request, openShellSchema, SHELL_REQUEST_MAX_BYTES);
    const opened = await openShell(user, body);
    return Response.json(opened, { status: opened.reattached ? 200 : 201 });
  } catch (err) {
    return errorResponse(err);
  }
}
