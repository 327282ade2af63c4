import { requireAdmin } from "@/lib/access/roles";
import { apiRoute } from "@/lib/http/api-route";
import { idParam } from "@/lib/http/route-params";
import { checkLms } from "@/lib/lti/lms-check";

export const dynamic = "force-dynamic";

/** Checks the LMS against the known misconfigurations; an LMS that does not answer is a finding, not an error. */
export const POST = apiRoute(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireAdmin("check an LMS registration");
  const { id } = await idParam(params);
  return Response.json(await checkLms(user, id));
});
