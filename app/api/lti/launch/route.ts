import { headers } from "next/headers";
import { auth } from "@/lib/auth/auth";
import { completeLaunch } from "@/lib/lti/launch";
import { launchRefusalPage } from "@/lib/lti/lti-pages";

export const dynamic = "force-dynamic";

/** The LMS's form post of an id_token and state: checked, then the person is signed in and sent to the item. */
export async function POST(request: Request) {
  try {
    const form = await request.formData().catch(() => undefined);
    const launched = await completeLaunch({ id_token: form?.get("id_token"), state: form?.get("state") });
    await auth().api.signInByLtiLaunch({ body: { userId: launched.userId }, headers: await headers() });
    return new Response(null, { status: 303, headers: { Location: launched.next, "Cache-Control": "no-store" } });
  } catch (err) {
    return launchRefusalPage(err);
  }
}
