import "server-only";
import { prisma } from "../db/client";
import type { Institution, InstitutionLogin } from "../generated/prisma/client";
import { sameSitePath } from "../http/same-site-path";
import { accountForIdentity, linkIdentity, type ProvidedIdentity } from "./identities";
import { InstitutionSignInRefused } from "./sign-in-problems";

/* A sign-in's row (institution_login), written as it begins and taken once, within ten minutes, by the last step. */
const LOGIN_LIFETIME_MINUTES = 10;

/** Rows created before this are past their lifetime. */
export const loginCutoff = () => new Date(Date.now() - LOGIN_LIFETIME_MINUTES * 60 * 1000);

/** Where to go once signed in, and the signed-in account that links its identity (absent for a sign-in). */
export type LoginStart = { next?: string; linkUserId?: string };

/** Keeps a sign-in begun now. */
export async function recordLogin(
  institutionId: string,
  start: LoginStart,
  secrets: Pick<InstitutionLogin, "state" | "nonce" | "codeVerifier">,
): Promise<void> {
  await prisma().institutionLogin.create({
    data: { ...secrets, institutionId, linkUserId: start.linkUserId ?? null, next: sameSitePath(start.next) },
  });
  // Sign-ins nobody finished are of no use after their ten minutes.
  await prisma().institutionLogin.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - 24 * 3600 * 1000) } } });
}

/** The sign-in a state names, taken for this answer and no other; a SAML one (`saml`) has no code verifier. */
export async function takeLogin(state: string, saml: boolean): Promise<InstitutionLogin> {
  const taken = await prisma().institutionLogin.updateMany({
    where: { state, usedAt: null, createdAt: { gt: loginCutoff() }, ...(saml ? { codeVerifier: "" } : {}) },
    data: { usedAt: new Date() },
  });
  const login = await prisma().institutionLogin.findUnique({ where: { state } });
  if (taken.count !== 1 || !login) throw new InstitutionSignInRefused("expired", login?.institutionId);
  return login;
}

export type InstitutionSignedIn = Awaited<ReturnType<typeof signInOrLink>>;

/**
 * The account a verified identity signs in or, for a sign-in begun to link it, the link to the account that began it,
 * which must be the one this browser is signed in to now (`signedInUserId`).
 */
export async function signInOrLink(
  institution: Institution,
  identity: ProvidedIdentity,
  login: InstitutionLogin,
  signedInUserId: () => Promise<string | undefined>,
) {
  if (!login.linkUserId) return { userId: await accountForIdentity(institution, identity), next: login.next };
  if ((await signedInUserId()) !== login.linkUserId) {
    throw new InstitutionSignInRefused("link-signed-out", institution.id);
  }
  await linkIdentity(institution, identity, login.linkUserId);
  return { userId: login.linkUserId, next: login.next, linked: { institutionId: institution.id } };
}

/** A refused link is shown on the account page that began it, not the sign-in page. */
export function forLink(err: unknown, login: Pick<InstitutionLogin, "linkUserId">): unknown {
  if (err instanceof InstitutionSignInRefused && login.linkUserId) err.forLink = true;
  return err;
}
