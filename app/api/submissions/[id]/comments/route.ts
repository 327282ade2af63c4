import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { requireUser } from "@/lib/auth/current-user";
import { readJson } from "@/lib/http/read-json";
import { routeParams } from "@/lib/http/route-params";
import { errorResponse } from "@/lib/http/to-response";
import { rowIdSchema } from "@/lib/list-query/list-query";
import { addComment, COMMENT_REQUEST_MAX_BYTES, commentInputSchema, listComments } from "@/lib/submissions/comments";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema });

interface Context {
  params: Promise<{ id: string }>;
}

export async function GET(_request: Request, { params }: Context) {
  try {
    const user = await requireUser("read feedback on a submission");
    const { id } = await routeParams(params, paramsSchema);
    return Response.json(await listComments(user, id));
  } catch (err) {
    return errorResponse(err);
  }
}

export async function POST(request: Request, { params }: Context) {
  try {
    const user = await requireStaff("comment on a submission");
    const { id } = await routeParams(params, paramsSchema);
    const input = await readJson(request, commentInputSchema, COMMENT_REQUEST_MAX_BYTES);
    return Response.json({ comment: await addComment(user, id, input) }, { status: 201 });
  } catch (err) {
    return errorResponse(err);
  }
}
