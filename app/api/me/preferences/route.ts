import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { savePreferences } from "@/lib/identities/account-preferences";
import { PREFERENCES_MAX_BYTES, preferencesPatchSchema } from "@/lib/preferences/preferences-schema";

export const dynamic = "force-dynamic";

/** Changes the preferences the body names; the answer holds all of them. `GET /api/me` reads them. */
export const PUT = apiRoute(async (request: Request) => {
  const user = await requireUser("keep your preferences on your account");
  const patch = await readJson(request, preferencesPatchSchema, PREFERENCES_MAX_BYTES);
  return Response.json({ preferences: await savePreferences(user.id, patch) });
});
