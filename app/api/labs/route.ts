import { requireUser } from "@/lib/auth/current-user";
import { readJson } from "@/lib/http/read-json";
import { errorResponse } from "@/lib/http/to-response";
import { startLabSchema } from "@/lib/labs/lab-protocol";
import { LAB_REQUEST_MAX_BYTES } from "@/lib/labs/send-lab-input";
import { startLab } from "@/lib/labs/start-lab";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  try {
    const user = await requireUser("start a lab");
    const body = await readJson(request, startLabSchema, LAB_REQUEST_MAX_BYTES);
    const started = await startLab(user, body);
    return Response.json(started, { status: started.reattached ? 200 : 201 });
  } catch (err) {
    return errorResponse(err);
  }
}
