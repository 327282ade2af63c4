import { z } from "zod";
import { requireAdmin } from "@/lib/access/roles";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { keptLabSettings, saveKeptLabSettings } from "@/lib/labs/kept-labs";

export const dynamic = "force-dynamic";

/** How kept labs are kept: `{ keptDays, keptBytesPerUser }`. */
export const GET = apiRoute(async () => {
  const user = await requireAdmin("see the kept labs' settings");
  return Response.json(await keptLabSettings(user), { headers: { "Cache-Control": "private, no-store" } });
});

/** Body `{ keptDays, keptBytesPerUser }`, checked by saveKeptLabSettings (400 naming the field); answers the saved. */
export const PUT = apiRoute(async (request: Request) => {
  const user = await requireAdmin("change the kept labs' settings");
  const body = await readJson(request, z.unknown(), 1024);
  return Response.json(await saveKeptLabSettings(user, body));
});
