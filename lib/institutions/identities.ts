import { createHash, randomUUID } from "node:crypto";
import { accountEmailSchema, nameFromClaims } from "../auth/account-fields";
import { prisma } from "../db/client";
import { RequestError } from "../errors/request-error";
import type { IdentityLinkKind, Institution } from "../generated/prisma/client";
import {
  createInstitutionAccount,
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
 * Which account an institution's verified identity signs in. The identity is the provider's issuer and `sub` under
 * one institution, kept in institution_identity; once linked, that row alone finds the account, whatever e-mail the
 * provider says later.
 *
 * The first sign-in of an identity with no link makes an account, unless an account already has the e-mail the
 * provider gives. Then it links to that account only when the address is proven on both sides: the provider says
 * email_verified, the address is in a domain the admin allowed for this institution (so one institution cannot vouch
 * for another's addresses), and the existing account proved the address itself. Otherwise nobody is signed in: the
 * person signs in with their password and links the institution from their account page (linkIdentity).
 *
 * A new account takes the provider's address as its own only when the provider vouches for it; otherwise it holds it
 * apart, unproven (lib/identities/provider-address.ts), so it never takes the address from its owner. Every link
 * records how it was made and whether the account's address was proven then (a link made before is removed when the
 * mailbox is proven: lib/identities/address-proof.ts), and a link to an account with a proven address is announced
 * to that address.
 */

/** A person as the provider vouched for them in its verified ID token (and its userinfo, for the same `sub`). */
export interface ProvidedIdentity {
  issuer: string;
  sub: string;
  email?: string;
  /** Only the provider's `email_verified: true` counts; a missing claim is not a yes. */
  emailVerified: boolean;
  name?: string;
  givenName?: string;
  familyName?: string;
}

type InstitutionRules = Pick<Institution, "id" | "name" | "issuer" | "emailDomains" | "enabled">;

/** The identity's e-mail, lower case, when it is a usable address. */
function usableEmail(identity: ProvidedIdentity): string | undefined {
  const parsed = accountEmailSchema.safeParse(identity.email?.trim().toLowerCase());
  return parsed.success ? parsed.data : undefined;
}

/** Whether the provider's word for this e-mail may stand for proof of it: verified there, in an allowed domain. */
export function emailVouched(institution: Pick<InstitutionRules, "emailDomains">, identity: ProvidedIdentity): boolean {
  const email = usableEmail(identity);
  if (!email || identity.emailVerified !== true) return false;
  const domain = emailDomain(email);
  return domain !== undefined && institution.emailDomains.includes(domain);
}

function personName(identity: ProvidedIdentity, institution: InstitutionRules): string {
  return nameFromClaims(identity, `${institution.name} user`);
}

/** An address of the account's own for an identity with no usable e-mail: under .invalid, which no mail reaches. */
function ownAddress(institutionId: string, sub: string): string {
  const digest = createHash("sha256").update(`${institutionId}\n${sub}`).digest("hex").slice(0, 24);
  return `institution-${digest}@institution.invalid`;
}

/**
 * The identity must come from the institution the sign-in was for, as it is set up now: its issuer exactly, and the
 * institution enabled. openid-client has already checked the ID token's issuer against the discovered one; this
 * holds the link rules to the registration whatever the caller did.
 */
function assertFrom(institution: InstitutionRules, identity: ProvidedIdentity): void {
  if (!institution.enabled || !sameIssuer(identity.issuer, institution.issuer)) {
    throw new InstitutionSignInRefused("not-set-up", institution.id, `issuer ${identity.issuer}`);
  }
}

/**
 * Issuers compared as addresses: `https://idp.example.edu` and `https://idp.example.edu/` are one. An issuer that is
 * not an address (a SAML entityID may be a URN) must match exactly.
 */
function sameIssuer(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}

/** The identity's row as `institution_identity` keeps it, with the e-mail `email` (the provider's, if usable). */
function identityRow(
  institution: InstitutionRules,
  identity: ProvidedIdentity,
  email: string | undefined,
): InstitutionIdentityRow {
  return { institutionId: institution.id, issuer: identity.issuer, sub: identity.sub, email: email ?? null };
}

function identityKey(institution: InstitutionRules, identity: ProvidedIdentity) {
  return {
    institutionId_issuer_sub: { institutionId: institution.id, issuer: identity.issuer, sub: identity.sub },
  };
}

async function linkedAccount(institution: InstitutionRules, identity: ProvidedIdentity): Promise<string | undefined> {
  const known = await prisma().institutionIdentity.findUnique({ where: identityKey(institution, identity) });
  return known?.userId;
}

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
  try {
    await linkInstitutionIdentity(identityRow(institution, identity, usableEmail(identity)), userId, linkedHow);
  } catch (err) {
    const made = await linkedAccount(institution, identity);
    if (made) return made;
    throw err;
  }
  await announceLink(
    userId,
    { kind: "institution", name: institution.name, email: usableEmail(identity) ?? null },
    linkedHow,
  );
  return userId;
}

/** The account an institution sign-in signs in: the linked one, a linked existing one, or a new one. */
export async function accountForIdentity(institution: InstitutionRules, identity: ProvidedIdentity): Promise<string> {
  assertFrom(institution, identity);
  const linked = await linkedAccount(institution, identity);
  if (linked) return linked;
  const db = prisma();
  const email = usableEmail(identity);
  const vouched = emailVouched(institution, identity);
  const holder = email
    ? await db.user.findFirst({ where: { email: { equals: email, mode: "insensitive" } } })
    : undefined;
  if (holder) {
    if (!vouched || !holder.emailVerified) {
      throw new InstitutionSignInRefused(
        "email-taken",
        institution.id,
        `vouched ${vouched}, account's address verified ${holder.emailVerified}`,
      );
    }
    return writeLink(institution, identity, holder.id, "proven_address");
  }
  const userId = randomUUID();
  // The provider's address is the account's own only when vouched for; otherwise held apart, unproven, so the owner's
  // own sign-up or reset still finds it free. The holder can confirm it by mail from the account page.
  const address = newAccountAddress(email, vouched, ownAddress(institution.id, identity.sub));
  try {
    await createInstitutionAccount(
      { id: userId, name: personName(identity, institution), address },
      identityRow(institution, identity, email),
    );
    if (address.emailVerified) await releaseAddress(address.email, userId);
    return userId;
  } catch (err) {
    // Two sign-ins of a new person at once: the other made the account. Or the address was taken in between.
    const made = await linkedAccount(institution, identity);
    if (made) return made;
    if (email && (await db.user.findFirst({ where: { email: { equals: email, mode: "insensitive" } } }))) {
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
  const db = prisma();
  return db.$transaction(async (tx) => {
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
