import { requireUser } from "@/lib/auth/current-user";
import { errorResponse } from "@/lib/http/to-response";
import { closeShell } from "@/lib/shell/close-shell";
import { getShell } from "@/lib/shell/shell-sessions";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ id: string }>;
}

export async function GET(_request: Request, { params }: Context) {
  try {
    const user = await requireUser("see your shell");
    return Response.json(await getShell(user, (await params).id));
  } catch (err) {
    return errorResponse(err);
  }
}

export async function DELETE(_request: Request, { params }: Context) {
  try {
    const user = await requireUser("close your shell");
    return Response.json(await closeShell(user, (await params).id));
  } catch (err) {
    return errorResponse(err);
  }
}
