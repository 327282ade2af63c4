/**
 * Password guessing is limited per account, not per network: a lecture hall shares one campus address, and a
 * per-address limit tight enough to stop guessing would turn away its first lecture. Each account may fail to sign
 * in FAILURES_ALLOWED times within WINDOW_MS; after that every sign-in to it waits, right password or not, until the
 * oldest of those failures is out of the window. A sign-in that works clears the account's failures.
 *
 * Kept in the web instance's memory (a deployment with several instances allows this many per instance, which still
 * leaves guessing hopeless), bounded by MAX_ACCOUNTS so a flood of made-up addresses cannot grow it without end.
 */
export const FAILURES_ALLOWED = 5;
export const WINDOW_MS = 15 * 60 * 1000;
const MAX_ACCOUNTS = 100_000;

const failures = new Map<string, number[]>();

const keyOf = (email: string) => email.trim().toLowerCase();

function recent(email: string, now: number): number[] {
  const kept = (failures.get(keyOf(email)) ?? []).filter((at) => now - at < WINDOW_MS);
  if (kept.length === 0) failures.delete(keyOf(email));
  else failures.set(keyOf(email), kept);
  return kept;
}

/** Seconds until this account may try again, or undefined while it may. */
export function accountRetryAfter(email: string, now = Date.now()): number | undefined {
  const kept = recent(email, now);
  if (kept.length < FAILURES_ALLOWED) return undefined;
  return Math.max(1, Math.ceil((kept[0]! + WINDOW_MS - now) / 1000));
}

export function recordSignInFailure(email: string, now = Date.now()): void {
  const kept = recent(email, now);
  if (!failures.has(keyOf(email)) && failures.size >= MAX_ACCOUNTS) {
    // The oldest entry goes: Map keeps insertion order.
    const oldest = failures.keys().next().value;
    if (oldest !== undefined) failures.delete(oldest);
  }
  failures.set(keyOf(email), [...kept, now].slice(-FAILURES_ALLOWED));
}

export function clearSignInFailures(email: string): void {
  failures.delete(keyOf(email));
}

/** The refusal's words, with the wait: said for the account, since the network is not what is limited. */
export function accountThrottledMessage(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  const wait = seconds < 90 ? `${seconds} seconds` : `${minutes} minutes`;
  return (
    `Too many failed sign-ins to this account. To keep passwords from being guessed, it can be signed in to again ` +
    `in ${wait}. Forgot your password? Set a new one from the sign-in page.`
  );
}
