import { currentUser } from "@/lib/auth/current-user";
import { completeInstitutionSignIn } from "@/lib/institutions/callback";
import { signInBeganHere } from "@/lib/institutions/login-binding";
import { refusalRedirect } from "@/lib/institutions/refusal";
import { signedInAnswer } from "@/lib/institutions/signed-in-answer";

export const dynamic = "force-dynamic";

/** The provider's redirect back: checked, the person signed in (or linked) and sent on; refusals are a page. */
export async function GET(request: Request) {
  const url = new URL(request.url);
  try {
    const done = await completeInstitutionSignIn(
      url,
      (state) => signInBeganHere(state, request.headers.get("cookie")),
      async () => (await currentUser())?.id,
    );
    return await signedInAnswer(done, url.searchParams.get("state") ?? "");
  } catch (err) {
    return refusalRedirect(err);
  }
}
