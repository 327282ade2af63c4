import "server-only";
import { prisma } from "../db/client";
import { GUESSING_KEPT_DAYS, REPORT_AT } from "./sign-in-throttle";

export type SignInGuessing = Awaited<ReturnType<typeof signInGuessing>>;
/** One account guessed at, or one address guessing: failed sign-ins since the storm's first. */
export type GuessingLine = SignInGuessing["accounts"][number];

const SHOWN = 20;

/**
 * The guessing storms sign-in-throttle.ts recorded (sign_in_guessing), newest first, for admins on the instructor
 * dashboard: the accounts strangers guessed at, and the addresses that guessed.
 */
export async function signInGuessing() {
  const of = (kind: "account" | "address") =>
    prisma().signInGuessing.findMany({
      where: { kind },
      orderBy: { lastFailedAt: "desc" },
      take: SHOWN,
      select: { subject: true, failures: true, firstFailedAt: true, lastFailedAt: true },
    });
  const [accounts, addresses] = await Promise.all([of("account"), of("address")]);
  // The thresholds a line is recorded at, and how long it is kept, for the dashboard's explanation.
  return { accounts, addresses, reportAt: REPORT_AT, keptDays: GUESSING_KEPT_DAYS };
}
