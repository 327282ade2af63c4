import { requireUser } from "@/lib/auth/current-user";
import { readJson } from "@/lib/http/read-json";
import { errorResponse } from "@/lib/http/to-response";
import { SHELL_REQUEST_MAX_BYTES, sendShellInput } from "@/lib/shell/send-shell-input";
import { shellInputSchema } from "@/lib/shell/shell-protocol";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireUser("type into your shell");
    const input = await readJson(request, shellInputSchema, SHELL_REQUEST_MAX_BYTES);
    await sendShellInput(user, (await params).id, input);
    return new Response(null, { status: 204 });
  } catch (err) {
    return errorResponse(err);
  }
}
