import { prisma } from "../db/client";
import type { IdentityLinkKind, InstitutionIdentity, Prisma } from "../generated/prisma/client";
import type { Role } from "../generated/prisma/enums";
import { addressProvenNow } from "./linked-identities";
import type { NewAccountAddress } from "./provider-address";

/*
 * The one writer of an account's rows (`user`, `institution_identity`, `lti_account`) besides better-auth's adapter and
 * address-proof.ts. Who may make, link, unlink or promote stays with the caller; these only write, in its transaction.
 */

type Tx = Prisma.TransactionClient;

/** An institution identity as `institution_identity` keys it, with the e-mail its provider gave, if usable. */
export type InstitutionIdentityRow = Pick<InstitutionIdentity, "institutionId" | "issuer" | "sub" | "email">;

/**
 * A first sign-in's new account and its link, in one transaction: an institution identity, proven when the account's
 * address is, or an LMS account, never proven. Throws what the database does (a sign-in at the same moment).
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

/** Links an institution identity to an existing account; throws what the database does (linked meanwhile). */
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

/** Makes an account an admin, in the caller's transaction; `proveAddress` also counts its address proven. */
export async function makeAccountAdmin(tx: Tx, userId: string, proveAddress: boolean): Promise<void> {
  await tx.user.update({
    where: { id: userId },
    data: proveAddress ? { role: "admin", emailVerified: true } : { role: "admin" },
  });
}
