import { currentUser } from "@/lib/auth/current-user";
import { signInBeganHere } from "@/lib/institutions/login-binding";
import { refusalRedirect } from "@/lib/institutions/refusal";
import { completeSamlSignIn } from "@/lib/institutions/saml-sign-in";
import { signedInAnswer } from "@/lib/institutions/signed-in-answer";

export const dynamic = "force-dynamic";

/**
 * A SAML sign-in's same-site step: the one-time reference from the assertion consumer, and the binding cookie (which
 * this top-level GET carries) showing this browser began it; then the person is signed in (or linked) and sent on.
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
