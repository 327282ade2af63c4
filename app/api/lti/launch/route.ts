import { headers } from "next/headers";
import { auth } from "@/lib/auth/auth";
import { sameSiteLocation } from "@/lib/http/public-origin";
import { completeLaunch } from "@/lib/lti/launch";
import { clearLoginBindingCookie, launchBeganHere, launchNotBound } from "@/lib/lti/login-binding";
import { launchRefusalPage } from "@/lib/lti/lti-pages";

export const dynamic = "force-dynamic";

/**
 * The LMS's form post of an id_token and state: checked, then the person is signed in and sent to the item. Only the
 * browser that began the launch is signed in (lib/lti/login-binding.ts); deep linking's picker needs no session.
 */
export async function POST(request: Request) {
  try {
    const form = await request.formData().catch(() => undefined);
    const state = form?.get("state");
    const launched = await completeLaunch({ id_token: form?.get("id_token"), state });
    const bound = typeof state === "string" && launchBeganHere(state, request.headers.get("cookie"));
    if (!bound && !launched.deepLinking) throw launchNotBound();
    if (bound) await auth().api.signInVerifiedAccount({ body: { userId: launched.userId }, headers: await headers() });
    const responseHeaders = new Headers({ Location: sameSiteLocation(launched.next), "Cache-Control": "no-store" });
    if (typeof state === "string") responseHeaders.append("Set-Cookie", clearLoginBindingCookie(state));
    return new Response(null, { status: 303, headers: responseHeaders });
  } catch (err) {
    return launchRefusalPage(err);
  }
}
