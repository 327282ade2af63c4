import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { slugSchema } from "@/lib/content/schemas";
import { draftRequestSchema, loadDraft, resetDraft, saveDraft } from "@/lib/drafts/drafts";
import { SUBMISSION_LIMITS } from "@/lib/file-sets/limits";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { routeParams } from "@/lib/http/route-params";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ slug: slugSchema });

interface Context {
  params: Promise<{ slug: string }>;
}

export const GET = apiRoute(async (_request: Request, { params }: Context) => {
  const user = await requireUser("load your draft");
  const { slug } = await routeParams(params, paramsSchema);
  return Response.json({ draft: await loadDraft(user.id, slug) });
});

export const PUT = apiRoute(async (request: Request, { params }: Context) => {
  const user = await requireUser("save your draft");
  const { slug } = await routeParams(params, paramsSchema);
  const { files, baseRevision } = await readJson(request, draftRequestSchema, SUBMISSION_LIMITS.maxRequestBytes);
  return Response.json(await saveDraft(user.id, slug, files, baseRevision));
});

export const DELETE = apiRoute(async (_request: Request, { params }: Context) => {
  const user = await requireUser("reset your draft");
  const { slug } = await routeParams(params, paramsSchema);
  return Response.json(await resetDraft(user.id, slug));
});
