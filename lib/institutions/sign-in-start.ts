import "server-only";
import * as oidc from "openid-client";
import { publicOrigin } from "../http/public-origin";
import { institutionForSignIn } from "./institutions";
import { CALLBACK_PATH } from "./login-binding";
import { type LoginStart, recordLogin } from "./login-row";
import { providerConfiguration, providerErrorText, providerProblem } from "./provider";
import { beginSamlSignIn, isSamlInstitution } from "./saml-sign-in";
import { InstitutionSignInRefused } from "./sign-in-problems";

/*
 * Step one of an institution sign-in: a fresh state, nonce and PKCE verifier, kept in a row that one callback may
 * take within ten minutes (login-row.ts), and the provider's authorization address for the code flow.
 */

/** Dockyard's redirect URI, the one an admin registers at the provider. */
export function institutionRedirectUri(): string {
  return `${publicOrigin()}${CALLBACK_PATH}`;
}

/** The provider's address to send the browser to, and the state the binding cookie is named after. */
export async function beginInstitutionSignIn(start: LoginStart & { institutionId: string }) {
  const institution = await institutionForSignIn(start.institutionId);
  if (!institution?.enabled) throw new InstitutionSignInRefused("not-set-up");
  // A SAML institution begins with an AuthnRequest; the routes, the binding cookie and the refusals are the same.
  if (isSamlInstitution(institution)) return beginSamlSignIn(institution, start);
  const config = await providerConfiguration(institution).catch((err: unknown) => {
    throw new InstitutionSignInRefused(providerProblem(err), institution.id, providerErrorText(err));
  });
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  await recordLogin(institution.id, start, { state, nonce, codeVerifier });
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: institutionRedirectUri(),
    scope: "openid email profile",
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
  });
  return { url, state };
}
