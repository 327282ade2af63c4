import { requireUser } from "@/lib/auth/current-user";
import { draftRequestSchema, loadDraft, resetDraft, saveDraft } from "@/lib/drafts/drafts";
import { readJson } from "@/lib/http/read-json";
import { errorResponse } from "@/lib/http/to-response";
import { SUBMISSION_LIMITS } from "@/lib/submissions/limits";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ slug: string }>;
}

export async function GET(_request: Request, { params }: Context) {
  try {
    const user = await requireUser("load your draft");
    return Response.json({ draft: await loadDraft(user.id, (await params).slug) });
  } catch (err) {
    return errorResponse(err);
  }
}

export async function PUT(request: Request, { params }: Context) {
  try {
    const user = await requireUser("save your draft");
    const { files, baseRevision } = await readJson(request, draftRequestSchema, SUBMISSION_LIMITS.maxRequestBytes);
    return Response.json(await saveDraft(user.id, (await params).slug, files, baseRevision));
  } catch (err) {
    return errorResponse(err);
  }
}

export async function DELETE(_request: Request, { params }: Context) {
  try {
    const user = await requireUser("reset your draft");
    return Response.json(await resetDraft(user.id, (await params).slug));
  } catch (err) {
    return errorResponse(err);
  }
}
