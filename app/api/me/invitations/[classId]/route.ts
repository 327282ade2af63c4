import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { answerInvitation } from "@/lib/classes/invitations";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { routeParams } from "@/lib/http/route-params";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ accept: z.boolean() }).strict();
const paramsSchema = z.object({ classId: z.string().min(1).max(64) });

/** Body `{ accept }`: joins the class that invited this account's proven address, or declines it. */
export const POST = apiRoute(async (request: Request, { params }: { params: Promise<{ classId: string }> }) => {
  const user = await requireUser("answer a class invitation");
  const { accept } = await readJson(request, bodySchema, 1024);
  const { classId } = await routeParams(params, paramsSchema);
  return Response.json(await answerInvitation(user, classId, accept));
});
