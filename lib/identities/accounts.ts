import { prisma } from "../db/client";
import type { IdentityLinkKind, Prisma } from "../generated/prisma/client";
import type { Role } from "../generated/prisma/enums";
import { addressProvenNow } from "./linked-identities";
import type { NewAccountAddress } from "./provider-address";

/*
 * The one writer of an account's rows besides better-auth's own adapter and the proofs of address-proof.ts: the
 * account (`user`), its institution identities (`institution_identity`) and its LMS accounts (`lti_account`). Who may
 * make, link, unlink or promote stays with the caller (lib/institutions/identities.ts, lib/lti/lti-people.ts,
 * lib/auth/); these functions only write, in the caller's transaction where it has one.
 */

type Tx = Prisma.TransactionClient;

/** An institution identity as `institution_identity` keys it, with the e-mail its provider gave, if usable. */
export interface InstitutionIdentityRow {
  institutionId: string;
  issuer: string;
  sub: string;
  email: string | null;
}

/**
 * A first sign-in's new account, addressed as `newAccountAddress` says, and its link, in one transaction: an
 * institution identity, proven when the account's address is, or an LMS account, never proven (an LMS never vouches
 * for an address). Throws what the database does (a unique key taken by a sign-in at the same moment).
 */
export async function createLinkedAccount(
  account: { id: string; name: string; address: NewAccountAddress },
  link: { institution: InstitutionIdentityRow } | { lms: { platformId: string; sub: string } },
): Promise<void> {
  const db = prisma();
  const made = { userId: account.id, linkedHow: "new_account" as const };
  await db.$transaction([
    db.user.create({ data: { id: account.id, name: account.name, ...account.address } }),
    "institution" in link
      ? db.institutionIdentity.create({
          data: { ...link.institution, ...made, addressProven: account.address.emailVerified },
        })
      : db.ltiAccount.create({ data: { ...link.lms, ...made, addressProven: false } }),
  ]);
}

/**
 * Links an institution identity to an existing account, recording how and whether the account's address is proven
 * now. Throws what the database does (the identity linked meanwhile).
 */
export async function linkInstitutionIdentity(
  identity: InstitutionIdentityRow,
  userId: string,
  linkedHow: Exclude<IdentityLinkKind, "new_account">,
): Promise<void> {
  await prisma().institutionIdentity.create({
    data: { ...identity, userId, linkedHow, addressProven: await addressProvenNow(userId) },
  });
}

/** Removes an institution's identity from an account, in the caller's transaction (which checked it may). */
export async function unlinkInstitutionIdentity(tx: Tx, userId: string, institutionId: string): Promise<void> {
  await tx.institutionIdentity.deleteMany({ where: { userId, institutionId } });
}

/** Gives an account a role, in the caller's transaction (which checked who may); returns the account as it is now. */
export function setAccountRole(tx: Tx, userId: string, role: Role) {
  return tx.user.update({
    where: { id: userId },
    data: { role },
    select: { id: true, name: true, email: true, role: true, createdAt: true },
  });
}

/**
 * Makes an account an admin, in the caller's transaction; `proveAddress` also counts its address proven (an account
 * the operator just made from the server's command line).
 */
export async function makeAccountAdmin(tx: Tx, userId: string, proveAddress: boolean): Promise<void> {
  await tx.user.update({
    where: { id: userId },
    data: proveAddress ? { role: "admin", emailVerified: true } : { role: "admin" },
  });
}
