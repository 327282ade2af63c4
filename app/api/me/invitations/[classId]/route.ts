import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { answerInvitation } from "@/lib/classes/invitations";
import { readJson } from "@/lib/http/read-json";
import { routeParams } from "@/lib/http/route-params";
import { errorResponse } from "@/lib/http/to-response";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ accept: z.boolean() }).strict();
const paramsSchema = z.object({ classId: z.string().min(1).max(64) });

/** Body `{ accept }`: joins the class that invited this account's proven address, or declines it. */
export async function POST(request: Request, { params }: { params: Promise<{ classId: string }> }) {
  try {
    const user = await requireUser("answer a class invitation");
    const { accept } = await readJson(request, bodySchema, 1024);
    const { classId } = await routeParams(params, paramsSchema);
    return Response.json(await answerInvitation(user, classId, accept));
  } catch (err) {
    return errorResponse(err);
  }
}
