import "server-only";
import * as oidc from "openid-client";
import { z } from "zod";
import type { ProvidedIdentity } from "./identities";
import { institutionForSignIn } from "./institutions";
import { forLink, type InstitutionSignedIn, signInOrLink, takeLogin } from "./login-row";
import { providerConfiguration, providerErrorText, providerProblem } from "./provider";
import { InstitutionSignInRefused } from "./sign-in-problems";
import { institutionRedirectUri } from "./sign-in-start";

/*
 * Step two: the provider sends the browser back with a code (or an error) and the state, which must name an unused
 * sign-in of the last ten minutes; openid-client then redeems the code with the PKCE verifier and checks the ID token
 * (signature, issuer, audience, nonce, expiry). Only then is an account found or made.
 */

// Dockyard's states are openid-client's randomState(): base64url. Anything else was never given out.
const stateSchema = z.string().regex(/^[A-Za-z0-9_-]{1,255}$/);

const claimText = z.string().trim().min(1).max(1000).optional().catch(undefined);
const personClaims = z.object({
  email: claimText,
  email_verified: z.union([z.boolean(), z.string()]).optional().catch(undefined),
  name: claimText,
  given_name: claimText,
  family_name: claimText,
});

/**
 * The person as the provider vouches for them: `sub` and `iss` from the verified ID token; e-mail and name from it
 * too, or, when it carries no e-mail, from the userinfo endpoint (openid-client accepts it only for the same `sub`).
 */
async function providedIdentity(
  config: oidc.Configuration,
  tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>,
): Promise<ProvidedIdentity> {
  const idToken = tokens.claims();
  if (!idToken) throw new InstitutionSignInRefused("refused", undefined, "no ID token");
  let person = personClaims.parse(idToken);
  if (person.email === undefined && config.serverMetadata().userinfo_endpoint) {
    person = personClaims.parse(await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub));
  }
  return {
    issuer: idToken.iss,
    sub: idToken.sub,
    email: person.email,
    // Providers send a boolean; some send the string "true". Nothing else is a yes.
    emailVerified: person.email_verified === true || person.email_verified === "true",
    name: person.name,
    givenName: person.given_name,
    familyName: person.family_name,
  };
}

/**
 * Checks the provider's answer at `url` (the callback's address as the browser asked for it) and finds the account.
 * `bound`: whether this browser began the sign-in; `signedInUserId`: who this browser is signed in as now.
 */
export async function completeInstitutionSignIn(
  url: URL,
  bound: (state: string) => boolean,
  signedInUserId: () => Promise<string | undefined>,
): Promise<InstitutionSignedIn> {
  const state = stateSchema.safeParse(url.searchParams.get("state"));
  if (!state.success) throw new InstitutionSignInRefused("expired");
  const login = await takeLogin(state.data, false);
  try {
    if (!bound(state.data)) throw new InstitutionSignInRefused("other-browser", login.institutionId);
    const institution = await institutionForSignIn(login.institutionId);
    if (!institution?.enabled) throw new InstitutionSignInRefused("not-set-up");
    if (url.searchParams.has("error")) {
      const detail = `${url.searchParams.get("error")}: ${url.searchParams.get("error_description") ?? ""}`;
      throw new InstitutionSignInRefused("declined", institution.id, detail.slice(0, 500));
    }
    let identity: ProvidedIdentity;
    try {
      const config = await providerConfiguration(institution);
      // openid-client reads the code (and `iss`, where the provider sends it) from the address it was sent to.
      const current = new URL(`${institutionRedirectUri()}${url.search}`);
      const tokens = await oidc.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: login.codeVerifier,
        expectedState: state.data,
        expectedNonce: login.nonce,
        idTokenExpected: true,
      });
      identity = await providedIdentity(config, tokens);
    } catch (err) {
      if (err instanceof InstitutionSignInRefused) throw err;
      throw new InstitutionSignInRefused(providerProblem(err), institution.id, providerErrorText(err));
    }
    return await signInOrLink(institution, identity, login, signedInUserId);
  } catch (err) {
    throw forLink(err, login);
  }
}
