import { requireUser } from "@/lib/auth/current-user";
import { HELP_REQUEST_MAX_BYTES, watchConsentSchema } from "@/lib/help/help-protocol";
import { setWatchConsent } from "@/lib/help/help-threads";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { idParam } from "@/lib/http/route-params";

export const dynamic = "force-dynamic";

/** The learner gives (`true`) or withdraws (`false`) their consent to staff watching a tab of their lab, read-only. */
export const PUT = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser("change who may watch your lab");
  const { id } = await idParam(params);
  const { watchConsent, watchTab } = await readJson(request, watchConsentSchema, HELP_REQUEST_MAX_BYTES);
  await setWatchConsent(user, id, watchConsent, watchTab);
  return new Response(null, { status: 204 });
});
