import { requireUser } from "@/lib/auth/current-user";
import { errorResponse } from "@/lib/http/to-response";
import { visitLesson } from "@/lib/progress/viewer";

export const dynamic = "force-dynamic";

export async function POST(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const user = await requireUser("keep track of the lessons you have read");
    return Response.json(await visitLesson(user.id, (await params).slug));
  } catch (err) {
    return errorResponse(err);
  }
}
