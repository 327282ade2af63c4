import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { idParam } from "@/lib/http/route-params";
import { unlinkIdentity } from "@/lib/institutions/identities";

export const dynamic = "force-dynamic";

/** Unlinks an institution's sign-in from the caller's account: 404 when not linked, 409 when it is the only way in. */
export const DELETE = apiRoute(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser("unlink an institution from your account");
  const { id } = await idParam(params);
  return Response.json(await unlinkIdentity(user.id, id));
});
