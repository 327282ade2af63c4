import { requireUser } from "@/lib/auth/current-user";
import { draftRequestSchema, loadDraft, resetDraft, saveDraft } from "@/lib/drafts/drafts";
import { SUBMISSION_LIMITS } from "@/lib/file-sets/limits";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { slugParam } from "@/lib/http/route-params";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ slug: string }>;
}

export const GET = apiRoute(async (_request: Request, { params }: Context) => {
  const user = await requireUser("load your draft");
  const { slug } = await slugParam(params);
  return Response.json({ draft: await loadDraft(user.id, slug) });
});

export const PUT = apiRoute(async (request: Request, { params }: Context) => {
  const user = await requireUser("save your draft");
  const { slug } = await slugParam(params);
  const { files, baseRevision } = await readJson(request, draftRequestSchema, SUBMISSION_LIMITS.maxRequestBytes);
  return Response.json(await saveDraft(user.id, slug, files, baseRevision));
});

export const DELETE = apiRoute(async (_request: Request, { params }: Context) => {
  const user = await requireUser("reset your draft");
  const { slug } = await slugParam(params);
  return Response.json(await resetDraft(user.id, slug));
});
