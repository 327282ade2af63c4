import { apiRoute } from "@/lib/http/api-route";
import { currentViewer } from "@/lib/progress/viewer";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async () => {
  return Response.json(await currentViewer(), { headers: { "Cache-Control": "private, no-store" } });
});
