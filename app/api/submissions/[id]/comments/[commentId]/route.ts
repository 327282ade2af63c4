import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { apiRoute } from "@/lib/http/api-route";
import { routeParams } from "@/lib/http/route-params";
import { rowIdSchema } from "@/lib/list-query/list-query";
import { deleteComment } from "@/lib/submissions/comments";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: rowIdSchema, commentId: rowIdSchema });

export const DELETE = apiRoute(
  async (_request: Request, { params }: { params: Promise<{ id: string; commentId: string }> }) => {
    const user = await requireStaff("delete a comment");
    const { id, commentId } = await routeParams(params, paramsSchema);
    await deleteComment(user, id, commentId);
    return new Response(null, { status: 204 });
  },
);
