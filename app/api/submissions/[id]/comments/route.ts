import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { routeParams } from "@/lib/http/route-params";
import { rowIdSchema } from "@/lib/list-query/list-query";
import { addComment, COMMENT_REQUEST_MAX_BYTES, commentInputSchema, listComments } from "@/lib/submissions/comments";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema });

interface Context {
  params: Promise<{ id: string }>;
}

export const GET = apiRoute(async (_request: Request, { params }: Context) => {
  const user = await requireUser("read feedback on a submission");
  const { id } = await routeParams(params, paramsSchema);
  return Response.json(await listComments(user, id));
});

export const POST = apiRoute(async (request: Request, { params }: Context) => {
  const user = await requireStaff("comment on a submission");
  const { id } = await routeParams(params, paramsSchema);
  const input = await readJson(request, commentInputSchema, COMMENT_REQUEST_MAX_BYTES);
  return Response.json({ comment: await addComment(user, id, input) }, { status: 201 });
});
