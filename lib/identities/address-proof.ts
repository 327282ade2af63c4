import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { prisma } from "../db/client";
import { RequestError } from "../errors/request-error";
import type { Prisma } from "../generated/prisma/client";
import { publicOrigin } from "../http/public-origin";
import { mailFailed, sendMail } from "../mail/send-mail";
import { confirmAddressMail, identitiesUnlinkedMail } from "./identity-mail";
import { linkedIdentities } from "./linked-identities";
import { isOwnAddress } from "./provider-address";

/*
 * An address is an account's only once proven, and no identity outlives the proof. Two kinds of proof:
 * - The mailbox alone (`mailboxProved`: a reset or verification link). Identities linked while the address was
 *   unproven may have been anyone's (someone signing in with the owner's address, waiting for the owner to recover
 *   the account), so they are removed, everyone is signed out, and the owner is told by mail.
 * - The holder and the mailbox together (`confirmAddress`): the signed-in holder opens a link mailed to the address an
 *   identity gave unvouched (user.unprovenEmail). The mailbox's owner is the holder, so its identities stay.
 * Either way, other accounts that held the same address unproven lose it.
 */

const CONFIRM_PREFIX = "dockyard-address-confirm:";
const CONFIRM_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** One confirmation mail a minute per account at most, so nobody makes the platform mail an address over and over. */
const RESEND_AFTER_MS = 60 * 1000;

const hashToken = (token: string) => createHash("sha256").update(token).digest();

/**
 * Someone proved they hold the account's mailbox (reset or verification). Called from better-auth's callbacks
 * (lib/auth/auth.ts) after the proof is checked.
 */
export async function mailboxProved(userId: string): Promise<void> {
  const done = await prisma().$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: { id: true, name: true, email: true, emailVerified: true },
    });
    if (!user) return undefined;
    const unlinked = await linkedIdentities(userId, { addressProven: false }, tx);
    if (unlinked.length > 0) {
      await tx.institutionIdentity.deleteMany({ where: { userId, addressProven: false } });
      await tx.ltiAccount.deleteMany({ where: { userId, addressProven: false } });
      // Whoever signed in through a removed identity is signed out with it. A verification's own sign-in (better-auth
      // makes it after this callback) is the mailbox owner's and stays.
      await tx.session.deleteMany({ where: { userId } });
    }
    // A reset proves the mailbox as well as a verification does.
    if (!user.emailVerified) await tx.user.update({ where: { id: userId }, data: { emailVerified: true } });
    await releaseElsewhere(tx, user.email, userId);
    return { user, unlinked };
  });
  if (done && done.unlinked.length > 0) {
    console.warn(
      `[accounts] ${done.unlinked.length} identity link(s) made before ${done.user.email} was proven were removed ` +
        `from account ${userId} when its mailbox was proven`,
    );
    await sendMail(identitiesUnlinkedMail(done.user, done.unlinked, `${publicOrigin()}/account`)).catch(mailFailed);
  }
}

/** Other accounts that held this address unproven lose it: it has an owner now. */
async function releaseElsewhere(tx: Prisma.TransactionClient, email: string, ownerId: string): Promise<void> {
  await tx.user.updateMany({
    where: { unprovenEmail: { equals: email, mode: "insensitive" }, NOT: { id: ownerId } },
    data: { unprovenEmail: null },
  });
}

/** An account proved an address by other means (a provider vouched for it): other accounts' unproven holds go. */
export async function releaseAddress(email: string, ownerId: string): Promise<void> {
  await prisma().$transaction((tx) => releaseElsewhere(tx, email, ownerId));
}

/**
 * The account page's "Confirm it by e-mail": a link to the address the account holds unproven. One outstanding link
 * per account (a new one replaces the last), at most one a minute.
 */
export async function sendAddressConfirmation(userId: string): Promise<{ sentTo: string }> {
  const db = prisma();
  const user = await db.user.findUnique({ where: { id: userId }, select: { name: true, unprovenEmail: true } });
  if (!user?.unprovenEmail) throw new RequestError("CONFLICT", "This account has no unconfirmed address to confirm.");
  const identifier = `${CONFIRM_PREFIX}${userId}`;
  const last = await db.verification.findFirst({ where: { identifier }, orderBy: { createdAt: "desc" } });
  if (last && Date.now() - last.createdAt.getTime() < RESEND_AFTER_MS) {
    throw new RequestError(
      "RATE_LIMITED",
      `A confirmation link went to ${user.unprovenEmail} less than a minute ago. Look for it (and in spam), or ask ` +
        "again in a minute.",
    );
  }
  const token = randomBytes(32).toString("base64url");
  const linked = await linkedIdentities(userId);
  await db.$transaction([
    db.verification.deleteMany({ where: { identifier } }),
    db.verification.create({
      data: {
        id: randomUUID(),
        identifier,
        value: JSON.stringify({ tokenHash: hashToken(token).toString("hex"), email: user.unprovenEmail }),
        expiresAt: new Date(Date.now() + CONFIRM_LIFETIME_MS),
      },
    }),
  ]);
  const url = `${publicOrigin()}/account/confirm-address?token=${token}`;
  const through = linked.filter((l) => l.kind === "institution").map((l) => l.name);
  await sendMail(confirmAddressMail(user, user.unprovenEmail, through, url));
  return { sentTo: user.unprovenEmail };
}

const storedSchema = z.object({ tokenHash: z.string(), email: z.string() });

function parseStored(value: string): z.infer<typeof storedSchema> | undefined {
  try {
    return storedSchema.safeParse(JSON.parse(value)).data;
  } catch {
    return undefined;
  }
}

const LINK_GONE =
  "This confirmation link is not for the account you are signed in to, was already used, or is more than 24 " +
  "hours old. Sign in to the account that asked for it, and ask for a new link on its account page.";

/** The address a confirmation link is for, when it is this account's and still good; for the page to show. */
export async function addressToConfirm(userId: string, token: string): Promise<string | undefined> {
  const row = await prisma().verification.findFirst({ where: { identifier: `${CONFIRM_PREFIX}${userId}` } });
  const stored = row && parseStored(row.value);
  if (!row || !stored || row.expiresAt.getTime() < Date.now()) return undefined;
  const given = hashToken(token);
  const expected = Buffer.from(stored.tokenHash, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected) ? stored.email : undefined;
}

/**
 * The holder, signed in, opened the link: the address becomes the account's, proven. Refused when another account
 * already uses it (proven or not): that account's holder proves it by a password reset instead.
 */
export async function confirmAddress(userId: string, token: string): Promise<{ email: string }> {
  const email = await addressToConfirm(userId, token);
  if (!email) throw new RequestError("NOT_FOUND", LINK_GONE);
  const db = prisma();
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.findUnique({ where: { id: userId }, select: { unprovenEmail: true } });
      if (user?.unprovenEmail?.toLowerCase() !== email.toLowerCase()) throw new RequestError("NOT_FOUND", LINK_GONE);
      const holder = await tx.user.findFirst({
        where: { email: { equals: email, mode: "insensitive" }, NOT: { id: userId } },
        select: { id: true },
      });
      if (holder) throw addressTaken(email);
      await tx.user.update({ where: { id: userId }, data: { email, emailVerified: true, unprovenEmail: null } });
      // The mailbox's owner is this account's holder: its identities are now theirs by proof.
      await tx.institutionIdentity.updateMany({ where: { userId }, data: { addressProven: true } });
      await tx.ltiAccount.updateMany({ where: { userId }, data: { addressProven: true } });
      await tx.verification.deleteMany({ where: { identifier: `${CONFIRM_PREFIX}${userId}` } });
      await releaseElsewhere(tx, email, userId);
      return { email };
    });
  } catch (err) {
    // Another account took the address between the look and the write (user.email is unique).
    if ((err as { code?: string }).code === "P2002") throw addressTaken(email);
    throw err;
  }
}

function addressTaken(email: string): RequestError {
  return new RequestError(
    "CONFLICT",
    `Another Dockyard account already uses ${email}, so it was not moved to this one. If that account is yours, ` +
      'sign in to it ("Forgot your password?" on the sign-in page proves the address), then link your institution ' +
      "from its account page.",
  );
}

export type AddressStatus = NonNullable<Awaited<ReturnType<typeof addressStatus>>>;

/**
 * The account's address as its account page shows it: `own` when no mail reaches it (…@….invalid); `unproven`, an
 * address an identity gave without vouching for it, waiting for the holder to confirm it.
 */
export async function addressStatus(userId: string) {
  const user = await prisma().user.findUnique({
    where: { id: userId },
    select: { email: true, emailVerified: true, unprovenEmail: true },
  });
  if (!user) return undefined;
  const { email, emailVerified: proven, unprovenEmail: unproven } = user;
  return { email, own: isOwnAddress(email), proven, unproven };
}
