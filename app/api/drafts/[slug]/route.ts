import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { slugSchema } from "@/lib/content/schemas";
import { draftRequestSchema, loadDraft, resetDraft, saveDraft } from "@/lib/drafts/drafts";
import { SUBMISSION_LIMITS } from "@/lib/file-sets/limits";
import { readJson } from "@/lib/http/read-json";
import { routeParams } from "@/lib/http/route-params";
import { errorResponse } from "@/lib/http/to-response";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ slug: slugSchema });

interface Context {
  params: Promise<{ slug: string }>;
}

export async function GET(_request: Request, { params }: Context) {
  try {
    const user = await requireUser("load your draft");
    const { slug } = await routeParams(params, paramsSchema);
    return Response.json({ draft: await loadDraft(user.id, slug) });
  } catch (err) {
    return errorResponse(err);
  }
}

export async function PUT(request: Request, { params }: Context) {
  try {
    const user = await requireUser("save your draft");
    const { slug } = await routeParams(params, paramsSchema);
    const { files, baseRevision } = await readJson(request, draftRequestSchema, SUBMISSION_LIMITS.maxRequestBytes);
    return Response.json(await saveDraft(user.id, slug, files, baseRevision));
  } catch (err) {
    return errorResponse(err);
  }
}

export async function DELETE(_request: Request, { params }: Context) {
  try {
    const user = await requireUser("reset your draft");
    const { slug } = await routeParams(params, paramsSchema);
    return Response.json(await resetDraft(user.id, slug));
  } catch (err) {
    return errorResponse(err);
  }
}
