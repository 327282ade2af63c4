import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { routeParams } from "@/lib/http/route-params";
import { errorResponse } from "@/lib/http/to-response";
import { rowIdSchema } from "@/lib/list-query/list-query";
import { deleteComment } from "@/lib/submissions/comments";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema, commentId: rowIdSchema });

export async function DELETE(_request: Request, { params }: { params: Promise<{ id: string; commentId: string }> }) {
  try {
    const user = await requireStaff("delete a comment");
    const { id, commentId } = await routeParams(params, paramsSchema);
    await deleteComment(user, id, commentId);
    return new Response(null, { status: 204 });
  } catch (err) {
    return errorResponse(err);
  }
}
