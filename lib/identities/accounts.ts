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

/** An institution identity as `institution_identity` keys it, with the e-mail its provider gave, if usable. */
export interface InstitutionIdentityRow {
  institutionId: string;
  issuer: string;
  sub: string;
  email: string | null;
}

/** A new account, named and addressed as `newAccountAddress` says. */
export interface NewAccount {
  id: string;
  name: string;
  address: NewAccountAddress;
}

/**
 * A first institution sign-in's new account and its link, in one transaction; the link counts as proven when the
 * account's address is. Throws what the database does (a unique key taken by a sign-in at the same moment).
 */
export async function createInstitutionAccount(account: NewAccount, identity: InstitutionIdentityRow): Promise<void> {
  const db = prisma();
  await db.$transaction([
    db.user.create({ data: { id: account.id, name: account.name, ...account.address } }),
    db.institutionIdentity.create({
      data: {
        ...identity,
        userId: account.id,
        linkedHow: "new_account",
        addressProven: account.address.emailVerified,
      },
    }),
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
export async function unlinkInstitutionIdentity(
  tx: Prisma.TransactionClient,
  userId: string,
  institutionId: string,
): Promise<void> {
  await tx.institutionIdentity.deleteMany({ where: { userId, institutionId } });
}

/**
 * An LMS user's new account and its LMS account, in one transaction; an LMS never vouches for an address, so the
 * link is never proven. Throws what the database does (the same LMS user made meanwhile).
 */
export async function createLmsAccount(account: NewAccount, platformId: string, sub: string): Promise<void> {
  const db = prisma();
  await db.$transaction([
    db.user.create({ data: { id: account.id, name: account.name, ...account.address } }),
    db.ltiAccount.create({
      data: { platformId, sub, userId: account.id, linkedHow: "new_account", addressProven: false },
    }),
  ]);
}

/** Gives an account a role, in the caller's transaction (which checked who may); returns the account as it is now. */
export function setAccountRole(tx: Prisma.TransactionClient, userId: string, role: Role) {
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
export async function makeAccountAdmin(
  tx: Prisma.TransactionClient,
  userId: string,
  proveAddress: boolean,
): Promise<void> {
  await tx.user.update({
    where: { id: userId },
    data: proveAddress ? { role: "admin", emailVerified: true } : { role: "admin" },
  });
}
