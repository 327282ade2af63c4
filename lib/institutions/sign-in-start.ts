import { sameSitePath } from "../http/same-site-path";
import "server-only";
import * as oidc from "openid-client";
import { prisma } from "../db/client";
import { publicOrigin } from "../http/public-origin";
import { institutionForSignIn } from "./institutions";
import { CALLBACK_PATH } from "./login-binding";
import { providerConfiguration, providerErrorText, providerProblem } from "./provider";
import { beginSamlSignIn, isSamlInstitution } from "./saml-sign-in";
import { InstitutionSignInRefused } from "./sign-in-problems";

/*
 * Step one of an institution sign-in: a fresh state, nonce and PKCE verifier, kept in a row that one callback may
 * take within ten minutes (LOGIN_LIFETIME_MINUTES, checked by callback.ts), and the provider's authorization address
 * asking for the code flow with the scopes openid, email and profile.
 */

export const LOGIN_LIFETIME_MINUTES = 10;

/** Dockyard's redirect URI, the one an admin registers at the provider. */
export function institutionRedirectUri(): string {
  return `${publicOrigin()}${CALLBACK_PATH}`;
}

export interface SignInStart {
  institutionId: string;
  /** Where to go once signed in. */
  next?: string;
  /** The signed-in account that links its institution identity; absent for a sign-in. */
  linkUserId?: string;
}

/** The provider's address to send the browser to, and the state the binding cookie is named after. */
export async function beginInstitutionSignIn(start: SignInStart): Promise<{ url: URL; state: string }> {
  const institution = await institutionForSignIn(start.institutionId);
  if (!institution?.enabled) throw new InstitutionSignInRefused("not-set-up");
  // A SAML institution begins with an AuthnRequest instead (lib/institutions/saml-sign-in.ts); the routes, the
  // binding cookie and the refusals are the same.
  if (isSamlInstitution(institution)) return beginSamlSignIn(institution, start);
  let config: oidc.Configuration;
  try {
    config = await providerConfiguration(institution);
  } catch (err) {
    throw new InstitutionSignInRefused(providerProblem(err), institution.id, providerErrorText(err));
  }
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  await prisma().institutionLogin.create({
    data: {
      state,
      nonce,
      codeVerifier,
      institutionId: institution.id,
      linkUserId: start.linkUserId ?? null,
      next: sameSitePath(start.next),
    },
  });
  // Sign-ins nobody finished are of no use after their ten minutes.
  await prisma().institutionLogin.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - 24 * 3600 * 1000) } } });
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
