import { currentUser } from "@/lib/auth/current-user";
import { signInBeganHere } from "@/lib/institutions/login-binding";
import { refusalRedirect } from "@/lib/institutions/refusal";
import { completeSamlSignIn } from "@/lib/institutions/saml-sign-in";
import { signedInAnswer } from "@/lib/institutions/signed-in-answer";

export const dynamic = "force-dynamic";

/**
 * A SAML sign-in's same-site step: the assertion consumer sends the browser here with a one-time reference; the
 * binding cookie (which a top-level GET carries, and the IdP's cross-site POST did not) shows this browser began it.
 * Then the person is signed in (or the identity linked to the signed-in account) and sent on.
 */
export async function GET(request: Request) {
  try {
    const done = await completeSamlSignIn(
      new URL(request.url).searchParams.get("ref"),
      (state) => signInBeganHere(state, request.headers.get("cookie")),
      async () => (await currentUser())?.id,
    );
    return await signedInAnswer(done, done.state);
  } catch (err) {
    return refusalRedirect(err);
  }
}
