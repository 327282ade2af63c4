import { requireStaff } from "@/lib/access/roles";
import { apiRoute } from "@/lib/http/api-route";
import { rowIdParams } from "@/lib/http/route-params";
import { deleteComment } from "@/lib/submissions/comments";

export const dynamic = "force-dynamic";

export const DELETE = apiRoute(
  async (_request: Request, { params }: { params: Promise<{ id: string; commentId: string }> }) => {
    const user = await requireStaff("delete a comment");
    const { id, commentId } = await rowIdParams(params, "id", "commentId");
    await deleteComment(user, id, commentId);
    return new Response(null, { status: 204 });
  },
);
