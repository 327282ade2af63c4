import { z } from "zod";
import { requireUser } from "@/lib/auth/current-user";
import { parseInput } from "@/lib/errors/parse-input";
import { apiRoute } from "@/lib/http/api-route";
import { confirmAddress } from "@/lib/identities/address-proof";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, "This confirmation link is cut short."),
});

/** The mailed link's "Confirm": the signed-in holder takes the address it asked for as its own, proven. */
export const POST = apiRoute(async (request: Request) => {
  const user = await requireUser("confirm your e-mail address");
  const { token } = parseInput(querySchema, Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await confirmAddress(user.id, token));
});
