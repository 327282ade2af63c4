import { requireStaff } from "@/lib/access/roles";
import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { idParam } from "@/lib/http/route-params";
import { addComment, COMMENT_REQUEST_MAX_BYTES, commentInputSchema, listComments } from "@/lib/submissions/comments";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ id: string }>;
}

export const GET = apiRoute(async (_request: Request, { params }: Context) => {
  const user = await requireUser("read feedback on a submission");
  const { id } = await idParam(params);
  return Response.json(await listComments(user, id));
});

export const POST = apiRoute(async (request: Request, { params }: Context) => {
  const user = await requireStaff("comment on a submission");
  const { id } = await idParam(params);
  const input = await readJson(request, commentInputSchema, COMMENT_REQUEST_MAX_BYTES);
  return Response.json({ comment: await addComment(user, id, input) }, { status: 201 });
});
