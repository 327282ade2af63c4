import { randomUUID } from "node:crypto";
import { z } from "zod";
import { nameFromClaims, usableEmail } from "../auth/account-fields";
import { prisma } from "../db/client";
import { RequestError } from "../errors/request-error";
import type { IdentityLinkKind, Institution } from "../generated/prisma/client";
import {
  createLinkedAccount,
  type InstitutionIdentityRow,
  linkInstitutionIdentity,
  unlinkInstitutionIdentity,
} from "../identities/accounts";
import { releaseAddress } from "../identities/address-proof";
import { announceLink } from "../identities/linked-identities";
import { newAccountAddress } from "../identities/provider-address";
import { emailDomain } from "./institution-fields";
import { InstitutionSignInRefused } from "./sign-in-problems";

/*
 * Which account an institution's verified identity (issuer and `sub`, kept in institution_identity) signs in; once
 * linked, that row alone finds the account, whatever e-mail the provider says later.
 *
 * An unlinked identity makes an account, unless one already has the provider's e-mail. It links to that one only when
 * the address is proven on both sides: email_verified, in a domain the admin allowed for this institution (so one
 * institution cannot vouch for another's addresses), and proven by the account itself. Otherwise nobody is signed in:
 * the person signs in with their password and links the institution from their account page (linkIdentity).
 */

/**
 * A person as the provider vouched for them in its verified ID token (and its userinfo, for the same `sub`) or its
 * signed SAML assertion. `emailVerified`: only the provider's yes counts; a missing claim is not a yes.
 */
export const providedIdentitySchema = z.object({
  issuer: z.string(),
  sub: z.string(),
  email: z.string().optional(),
  emailVerified: z.boolean(),
  name: z.string().optional(),
  givenName: z.string().optional(),
  familyName: z.string().optional(),
});
export type ProvidedIdentity = z.infer<typeof providedIdentitySchema>;

type InstitutionRules = Pick<Institution, "id" | "name" | "issuer" | "emailDomains" | "enabled">;

/** Whether the provider's word for this e-mail may stand for proof of it: verified there, in an allowed domain. */
export function emailVouched(institution: Pick<InstitutionRules, "emailDomains">, identity: ProvidedIdentity): boolean {
  const email = usableEmail(identity.email);
  if (!email || identity.emailVerified !== true) return false;
  const domain = emailDomain(email);
  return domain !== undefined && institution.emailDomains.includes(domain);
}

/** The identity must come from the institution as it is set up now (its issuer, enabled), whatever the caller did. */
function assertFrom(institution: InstitutionRules, identity: ProvidedIdentity): void {
  if (!institution.enabled || !sameIssuer(identity.issuer, institution.issuer)) {
    throw new InstitutionSignInRefused("not-set-up", institution.id, `issuer ${identity.issuer}`);
  }
}

/** Issuers compared as addresses (with or without a trailing /); a URN (a SAML entityID may be one) exactly. */
function sameIssuer(a: string, b: string): boolean {
  return a === b || (URL.canParse(a) && URL.canParse(b) && new URL(a).href === new URL(b).href);
}

/** The identity's row as `institution_identity` keeps it, with the provider's e-mail if usable. */
function identityRow(institution: InstitutionRules, { issuer, sub, email }: ProvidedIdentity): InstitutionIdentityRow {
  return { institutionId: institution.id, issuer, sub, email: usableEmail(email) ?? null };
}

async function linkedAccount(institution: InstitutionRules, { issuer, sub }: ProvidedIdentity) {
  const key = { institutionId_issuer_sub: { institutionId: institution.id, issuer, sub } };
  return (await prisma().institutionIdentity.findUnique({ where: key }))?.userId;
}

const holderOf = (email: string) =>
  prisma().user.findFirst({ where: { email: { equals: email, mode: "insensitive" } } });

/**
 * Writes the link to an existing account, recording how and whether its address is proven now, and tells the owner at
 * that address; when another request wrote it first, the account that one linked.
 */
async function writeLink(
  institution: InstitutionRules,
  identity: ProvidedIdentity,
  userId: string,
  linkedHow: Exclude<IdentityLinkKind, "new_account">,
): Promise<string> {
  const row = identityRow(institution, identity);
  try {
    await linkInstitutionIdentity(row, userId, linkedHow);
  } catch (err) {
    const made = await linkedAccount(institution, identity);
    if (made) return made;
    throw err;
  }
  await announceLink(userId, { kind: "institution", name: institution.name, email: row.email }, linkedHow);
  return userId;
}

/** The account an institution sign-in signs in: the linked one, a linked existing one, or a new one. */
export async function accountForIdentity(institution: InstitutionRules, identity: ProvidedIdentity): Promise<string> {
  assertFrom(institution, identity);
  const linked = await linkedAccount(institution, identity);
  if (linked) return linked;
  const email = usableEmail(identity.email);
  const vouched = emailVouched(institution, identity);
  const holder = email ? await holderOf(email) : undefined;
  if (holder) {
    const detail = `vouched ${vouched}, account's address verified ${holder.emailVerified}`;
    if (!vouched || !holder.emailVerified) throw new InstitutionSignInRefused("email-taken", institution.id, detail);
    return writeLink(institution, identity, holder.id, "proven_address");
  }
  const userId = randomUUID();
  // The provider's address is the account's own only when vouched for; otherwise held apart, unproven, so the owner's
  // own sign-up or reset still finds it free. The holder can confirm it by mail from the account page.
  const address = newAccountAddress(email, vouched, { kind: "institution", of: institution.id, sub: identity.sub });
  try {
    const name = nameFromClaims(identity, `${institution.name} user`);
    await createLinkedAccount({ id: userId, name, address }, { institution: identityRow(institution, identity) });
    if (address.emailVerified) await releaseAddress(address.email, userId);
    return userId;
  } catch (err) {
    // Two sign-ins of a new person at once: the other made the account. Or the address was taken in between.
    const made = await linkedAccount(institution, identity);
    if (made) return made;
    if (email && (await holderOf(email))) {
      throw new InstitutionSignInRefused("email-taken", institution.id, "the address was taken meanwhile");
    }
    throw err;
  }
}

/**
 * Links an identity to the signed-in account that asked (the account page's "Link"): the person proved both, the
 * account by its own sign-in and the identity at the provider. An identity already linked elsewhere stays there.
 */
export async function linkIdentity(
  institution: InstitutionRules,
  identity: ProvidedIdentity,
  userId: string,
): Promise<void> {
  assertFrom(institution, identity);
  const linked =
    (await linkedAccount(institution, identity)) ?? (await writeLink(institution, identity, userId, "account_page"));
  if (linked !== userId) throw new InstitutionSignInRefused("linked-elsewhere", institution.id);
}

/**
 * Unlinks an institution from the signed-in account (the account page's "Unlink"): its sign-in stops opening this
 * account, and a later sign-in through it follows the first sign-in's rules again. Refused when it is the account's
 * only way in (no password, no other institution, no LMS), so nobody locks themselves out.
 */
export async function unlinkIdentity(userId: string, institutionId: string): Promise<{ unlinked: true }> {
  return prisma().$transaction(async (tx) => {
    const links = await tx.institutionIdentity.findMany({ where: { userId }, select: { institutionId: true } });
    if (!links.some((l) => l.institutionId === institutionId)) {
      throw new RequestError("NOT_FOUND", "This institution is not linked to your account.");
    }
    const [password, lms] = await Promise.all([
      tx.account.count({ where: { userId, providerId: "credential", password: { not: null } } }),
      tx.ltiAccount.count({ where: { userId } }),
    ]);
    const otherLinks = links.filter((l) => l.institutionId !== institutionId).length;
    if (password === 0 && lms === 0 && otherLinks === 0) {
      throw new RequestError(
        "CONFLICT",
        "This institution is the only way you sign in to this account. Set a password first: sign out and use " +
          '"Forgot your password?" on the sign-in page with your e-mail address.',
      );
    }
    await unlinkInstitutionIdentity(tx, userId, institutionId);
    return { unlinked: true as const };
  });
}
