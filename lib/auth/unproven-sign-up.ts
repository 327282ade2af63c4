import { APIError } from "better-auth/api";
import { z } from "zod";
import { prisma } from "../db/client";

/*
 * The owner's sign-up takes an address that an account holds without having proven it. A password sign-up can give
 * anyone's address, and better-auth would refuse the real owner's sign-up as "already exists". Instead the owner's
 * sign-up mails the address a link to set the account's password: opening it proves the mailbox, and the account
 * becomes the owner's, rid of whatever was linked to it meanwhile (address-proof.ts `mailboxProved`). An account that
 * proved its address is left to better-auth's answer (422, the address is taken).
 */

/** The redirect the claim's reset link carries, so the mail can say why it came (lib/auth/auth.ts). */
export const CLAIM_REDIRECT = "/reset-password?claim=1";
/** One claim mail a minute per address at most: sign-ups cannot make the platform mail someone over and over. */
const CLAIM_MAIL_EVERY_MS = 60 * 1000;

const signUpBody = z.object({ email: z.string().trim().toLowerCase() }).passthrough();

/** Part of auth.ts's before-hook, for `/sign-up/email`; `requestReset` is better-auth's own with CLAIM_REDIRECT. */
export async function claimUnprovenAddress(
  ctx: { path: string; body?: unknown },
  requestReset: (email: string) => Promise<unknown>,
): Promise<void> {
  if (ctx.path !== "/sign-up/email") return;
  const body = signUpBody.safeParse(ctx.body);
  if (!body.success) return;
  const holder = await prisma().user.findFirst({
    where: { email: { equals: body.data.email, mode: "insensitive" } },
    select: { id: true, email: true, emailVerified: true },
  });
  if (!holder || holder.emailVerified) return;
  const recent = await prisma().verification.count({
    where: {
      identifier: { startsWith: "reset-password:" },
      value: holder.id,
      createdAt: { gt: new Date(Date.now() - CLAIM_MAIL_EVERY_MS) },
    },
  });
  if (recent === 0) await requestReset(holder.email);
  throw new APIError("CONFLICT", {
    code: "ADDRESS_NOT_PROVEN",
    message:
      `An account was made with ${holder.email}, but nobody has confirmed the address yet. If the address is ` +
      "yours, open the link just mailed to it to set your password: the account becomes yours, and any other way " +
      "into it is removed. Nothing else was created.",
  });
}

/** Whether a reset link was asked for by claimUnprovenAddress (its redirect), so its mail says why it came. */
export function isClaimLink(url: string): boolean {
  return URL.canParse(url) && new URL(url).searchParams.get("callbackURL") === CLAIM_REDIRECT;
}
