import { requireUser } from "@/lib/auth/current-user";
import { apiRoute } from "@/lib/http/api-route";
import { sendAddressConfirmation } from "@/lib/identities/address-proof";

export const dynamic = "force-dynamic";

/** The account page's "Confirm it by e-mail": a link to the address the account holds unproven. */
export const POST = apiRoute(async () => {
  const user = await requireUser("confirm your e-mail address");
  return Response.json(await sendAddressConfirmation(user.id));
});
