import { errorResponse } from "@/lib/http/to-response";
import { currentViewer } from "@/lib/progress/viewer";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    return Response.json(await currentViewer(), { headers: { "Cache-Control": "private, no-store" } });
  } catch (err) {
    return errorResponse(err);
  }
}
