import { z } from "zod";
import { requireStaff } from "@/lib/access/roles";
import { setJoinCode } from "@/lib/classes/classes";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { idParam } from "@/lib/http/route-params";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ open: z.boolean() }).strict();

/** Body `{ open }`: true makes a new code (the old one stops working), false closes joining by code. */
export const POST = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireStaff("change a class's join code");
  const { id } = await idParam(params);
  const { open } = await readJson(request, bodySchema, 1024);
  return Response.json({ joinCode: await setJoinCode(user, id, open) });
});
