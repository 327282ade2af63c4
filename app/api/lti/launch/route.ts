import { headers } from "next/headers";
import { auth } from "@/lib/auth/auth";
import { RequestError } from "@/lib/errors/request-error";
import { publicOrigin, servedOverHttps } from "@/lib/http/public-origin";
import { completeLaunch } from "@/lib/lti/launch";
import { clearLoginBindingCookie, launchBeganHere } from "@/lib/lti/login-binding";
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
    if (!bound && !launched.deepLinking) {
      // Over plain HTTP at any address but localhost, browsers drop the Secure cookie that proves it: say so.
      const host = new URL(publicOrigin()).hostname;
      const plainHttp = !servedOverHttps() && host !== "localhost" && host !== "127.0.0.1";
      throw new RequestError(
        "UNAUTHENTICATED",
        "The launch was refused: it did not begin in this browser. Dockyard signs in only the browser that started " +
          "a launch, so that no other site can sign you in to someone else's account. Open the link again from your " +
          "course in the LMS." +
          (plainHttp
            ? ` (Dockyard is served over plain HTTP at ${host}, where browsers drop the cookie that proves a launch ` +
              "began here: an administrator must serve it over HTTPS, as LTI requires.)"
            : ""),
      );
    }
    if (bound) await auth().api.signInByLtiLaunch({ body: { userId: launched.userId }, headers: await headers() });
    const responseHeaders = new Headers({ Location: launched.next, "Cache-Control": "no-store" });
    if (typeof state === "string") responseHeaders.append("Set-Cookie", clearLoginBindingCookie(state));
    return new Response(null, { status: 303, headers: responseHeaders });
  } catch (err) {
    return launchRefusalPage(err);
  }
}
