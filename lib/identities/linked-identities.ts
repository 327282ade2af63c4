import { prisma } from "../db/client";
import type { IdentityLinkKind, Prisma } from "../generated/prisma/client";
import { publicOrigin } from "../http/public-origin";
import { mailFailed, sendMail } from "../mail/send-mail";
import { type IdentityLabel, identityLinkedMail } from "./identity-mail";

/*
 * Every way into an account other than its password (institution identities and LMS accounts, written by accounts.ts),
 * for the account page; and the mail a new link sends to the account's proven address, so the owner sees it.
 */

/**
 * The account's identities, oldest first, each with its institution's or LMS's id and whether the account's address was
 * proven when it was linked (if not, proving it removes the link). `only` narrows them; `db`: the caller's transaction.
 */
export async function linkedIdentities(
  userId: string,
  only: { addressProven?: boolean } = {},
  db: Prisma.TransactionClient = prisma(),
) {
  const where = { userId, ...only };
  const [institutions, lms] = await Promise.all([
    db.institutionIdentity.findMany({ where, include: { institution: { select: { name: true } } } }),
    db.ltiAccount.findMany({ where, include: { platform: { select: { name: true } } } }),
  ]);
  type Row = { createdAt: Date; linkedHow: IdentityLinkKind; addressProven: boolean };
  const link = (label: IdentityLabel & { id: string }, { createdAt, linkedHow, addressProven }: Row) => ({
    ...label,
    linkedAt: createdAt,
    linkedHow,
    addressProven,
  });
  return [
    ...institutions.map((r) =>
      link({ kind: "institution", id: r.institutionId, name: r.institution.name, email: r.email }, r),
    ),
    ...lms.map((r) => link({ kind: "lms", id: r.platformId, name: r.platform.name, email: null }, r)),
  ].sort((a, b) => a.linkedAt.getTime() - b.linkedAt.getTime());
}

/** The account's address as a link must record it, read in the transaction (or the call) that writes the link. */
export async function addressProvenNow(userId: string): Promise<boolean> {
  const user = await prisma().user.findUnique({ where: { id: userId }, select: { emailVerified: true } });
  return user?.emailVerified === true;
}

/**
 * Tells the owner that an identity can now sign in to their account, at the address the account proved. An account
 * with no proven address gets no mail: nobody reads an unproven address on the owner's behalf. A mail server that
 * fails does not undo the link; the operator reads why in the log.
 */
export async function announceLink(userId: string, identity: IdentityLabel, how: IdentityLinkKind): Promise<void> {
  const user = await prisma().user.findUnique({
    where: { id: userId },
    select: { name: true, email: true, emailVerified: true },
  });
  if (!user?.emailVerified) return;
  await sendMail(identityLinkedMail(user, identity, how, `${publicOrigin()}/account`)).catch(mailFailed);
}
