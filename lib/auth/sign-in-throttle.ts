import { isIP } from "node:net";
import { sql } from "kysely";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";

/**
 * Password guessing is slowed, and the account's owner is never locked out (OWASP's "device cookies" design):
 *
 * - A browser with a valid device cookie for the account (device-cookie.ts) is trusted: strangers never hold it up.
 *   Its own wrong passwords count on its nonce; after DEVICE_FAILURES_ALLOWED it is trusted no more until an hour
 *   passes without one, so a stolen laptop cannot guess for ever.
 * - Every other attempt's failures count against the account and the client address. Past the free failures each
 *   attempt waits, right password or not, for a time that doubles with every failure up to 15 minutes (429 with
 *   Retry-After). Failures, not attempts, count: a lecture hall behind one address, a few with a typo, is never held
 *   up. Each account signed in from an address in the last hour (an `address-success` row) adds
 *   ADDRESS_ALLOWANCE_PER_ACCOUNT free failures to it, so only an address guessing at many accounts reaches its limit.
 * - A count is forgotten an hour after its last failure; an untrusted sign-in that works clears its account's count,
 *   and so does a password set through the mailed link. Storms past REPORT_AT are recorded for admins.
 *
 * The counts live in PostgreSQL (sign_in_failure), not in the web process: several instances behind a balancer would
 * each give a guesser an allowance, and a restart would forget them. At most MAX_COUNTERS rows are kept.
 */
export const RULES = {
  account: { free: 5, baseSeconds: 30, capSeconds: 15 * 60 },
  address: { free: 30, baseSeconds: 30, capSeconds: 15 * 60 },
} as const;
export const DEVICE_FAILURES_ALLOWED = 10;
/** Extra free failures an address earns for each distinct account signed in from it within the hour. */
export const ADDRESS_ALLOWANCE_PER_ACCOUNT = 0.5;
export const FORGET_MS = 60 * 60 * 1000;
export const REPORT_AT = { account: 10, address: 30 } as const;
const MAX_COUNTERS = 50_000;

type Rule = { free: number; baseSeconds: number; capSeconds: number };
type Kind = "account" | "address" | "device";
type Count = { failures: number; lastMs: number };

/** A password sign-in attempt: the account it names, the client's address and the nonce of its valid device cookie. */
export type Attempt = { email: string; address?: string; deviceNonce?: string };

export type Verdict = { trusted: boolean; refusal?: { limit: "account" | "address"; seconds: number } };

const accountOf = (email: string) => email.trim().toLowerCase();

/** Seconds an untrusted attempt must still wait under the rule, or undefined when it may go ahead. */
export function waitSeconds(rule: Rule, count: Count | undefined, now: number): number | undefined {
  if (!count || now - count.lastMs >= FORGET_MS || count.failures < rule.free) return undefined;
  const wait = Math.min(rule.capSeconds, rule.baseSeconds * 2 ** (count.failures - rule.free));
  const left = Math.ceil((count.lastMs + wait * 1000 - now) / 1000);
  return left > 0 ? left : undefined;
}

const distrusted = (count: Count | undefined, now: number) =>
  count !== undefined && now - count.lastMs < FORGET_MS && count.failures >= DEVICE_FAILURES_ALLOWED;

/**
 * The subject an address is counted under: an IPv4 address itself, an IPv6 address by its /64 (one machine is usually
 * given a whole /64, so counting single addresses would let it step round the count). X-Forwarded-For holds the one
 * client address by the time the app reads it (lib/http/forwarded.ts).
 */
export function addressSubject(forwardedFor: string | null | undefined): string | undefined {
  const address = (forwardedFor ?? "").split(",")[0]!.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return mapped[1];
  if (isIP(address) === 4) return address;
  if (isIP(address) !== 6) return undefined;
  const [left = "", right] = address.split("::");
  const head = left === "" ? [] : left.split(":");
  const tail = right ? right.split(":") : [];
  const groups = right === undefined ? head : [...head, ...Array(8 - head.length - tail.length).fill("0"), ...tail];
  const prefix = groups.slice(0, 4).map((g) => g.padStart(4, "0"));
  return `${prefix.join(":")}::/64`;
}

function subjects({ email, address, deviceNonce }: Attempt) {
  const pairs = { account: accountOf(email), address, device: deviceNonce };
  return Object.entries(pairs).filter((pair): pair is [Kind, string] => pair[1] !== undefined);
}

const at = (ms: number) => sql<Date>`${new Date(ms).toISOString()}::timestamptz AT TIME ZONE 'UTC'`;
/** The (kind, subject) pairs as a table `s`. */
const unnest = (pairs: [Kind, string][]) =>
  sql`unnest(${pairs.map(([k]) => k)}::text[], ${pairs.map(([, subject]) => subject)}::text[]) AS s(kind, subject)`;

async function readCounts(attempt: Attempt): Promise<Partial<Record<Kind, Count>>> {
  const pairs = subjects(attempt);
  const lastMs = sql<number>`(extract(epoch FROM "lastFailedAt" AT TIME ZONE 'UTC') * 1000)::float8`.as("lastMs");
  const rows = await typedSql(pool())
    .selectFrom("sign_in_failure")
    .select(["kind", "failures", lastMs])
    .where(sql<boolean>`(kind, subject) IN (SELECT * FROM ${unnest(pairs)})`)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.kind, { failures: r.failures, lastMs: r.lastMs }]));
}

/** The distinct accounts that signed in from the address within the hour, as extra free failures for it. */
async function addressAllowance(address: string | undefined, now: number): Promise<number> {
  if (!address) return 0;
  const { accounts } = await typedSql(pool())
    .selectFrom("sign_in_failure")
    .select(sql<number>`count(*)::int`.as("accounts"))
    .where(sql<boolean>`kind = 'address-success' AND starts_with(subject, ${`${address}|`})`)
    .where("lastFailedAt", ">", at(now - FORGET_MS))
    .executeTakeFirstOrThrow();
  return Math.floor(accounts * ADDRESS_ALLOWANCE_PER_ACCOUNT);
}

/** Whether the attempt is trusted, and, when it is not, whether it must wait and for which limit. */
export async function judgeSignIn(attempt: Attempt, now = Date.now()): Promise<Verdict> {
  const counts = await readCounts(attempt);
  if (attempt.deviceNonce && !distrusted(counts.device, now)) return { trusted: true };
  const account = waitSeconds(RULES.account, counts.account, now);
  const allowance = counts.address ? await addressAllowance(attempt.address, now) : 0;
  const address = waitSeconds({ ...RULES.address, free: RULES.address.free + allowance }, counts.address, now);
  if (account === undefined && address === undefined) return { trusted: false };
  // The longer wait is the one that holds; the account's is named when both hold, since it is the one a reset ends.
  return (address ?? 0) > (account ?? 0)
    ? { trusted: false, refusal: { limit: "address", seconds: address! } }
    : { trusted: false, refusal: { limit: "account", seconds: account! } };
}

/** Counts a wrong password: on the device nonce whenever one was shown, on the account and address if untrusted. */
export async function recordSignInFailure(attempt: Attempt, trusted: boolean, now = Date.now()): Promise<void> {
  const pairs = subjects(attempt).filter(([kind]) => kind === "device" || !trusted);
  if (pairs.length === 0) return;
  const stale = sql<boolean>`sign_in_failure."lastFailedAt"
    <= EXCLUDED."lastFailedAt" - make_interval(secs => ${FORGET_MS / 1000})`;
  const q = typedSql(pool());
  const rows = await q
    .insertInto("sign_in_failure")
    .columns(["kind", "subject", "failures", "firstFailedAt", "lastFailedAt"])
    .expression(sql`SELECT s.kind, s.subject, 1, ${at(now)}, ${at(now)} FROM ${unnest(pairs)}`)
    .onConflict((oc) =>
      oc.columns(["kind", "subject"]).doUpdateSet({
        failures: sql`CASE WHEN ${stale} THEN 1 ELSE sign_in_failure.failures + 1 END`,
        firstFailedAt: sql`CASE WHEN ${stale} THEN EXCLUDED."firstFailedAt" ELSE sign_in_failure."firstFailedAt" END`,
        lastFailedAt: sql`GREATEST(sign_in_failure."lastFailedAt", EXCLUDED."lastFailedAt")`,
      }),
    )
    .returning([sql<Kind>`kind`.as("kind"), "subject", "failures", sql<boolean>`(xmax = 0)`.as("inserted")])
    .execute();
  await sql`DELETE FROM sign_in_failure WHERE "lastFailedAt" < ${at(now - FORGET_MS)}`.execute(q);
  if (rows.some((r) => r.inserted)) {
    await sql`DELETE FROM sign_in_failure WHERE (kind, subject) IN
      (SELECT kind, subject FROM sign_in_failure ORDER BY "lastFailedAt" DESC OFFSET ${MAX_COUNTERS})`.execute(q);
  }
  for (const row of rows) {
    if (row.kind === "device") continue;
    const threshold = REPORT_AT[row.kind] + (row.kind === "address" ? await addressAllowance(row.subject, now) : 0);
    if (row.failures >= threshold) await reportGuessing(row.kind, row.subject, row.failures, threshold, now);
  }
}

/** How long storms stay on the dashboard, and how many at most. */
export const GUESSING_KEPT_DAYS = 30;
const MAX_GUESSING_ROWS = 500;

/** Records a storm for admins: the first failure at the threshold brings the run's whole count, later ones add one. */
async function reportGuessing(
  kind: "account" | "address",
  subject: string,
  runFailures: number,
  threshold: number,
  now: number,
) {
  const q = typedSql(pool());
  await sql`INSERT INTO sign_in_guessing (kind, subject, failures, "firstFailedAt", "lastFailedAt")
    SELECT ${kind}::text, ${subject}::text, ${runFailures}::int, f."firstFailedAt", ${at(now)}
      FROM sign_in_failure f WHERE f.kind = ${kind}::text AND f.subject = ${subject}::text
    ON CONFLICT (kind, subject) DO UPDATE SET
      failures = sign_in_guessing.failures
        + CASE WHEN ${runFailures}::int = ${threshold}::int THEN ${runFailures}::int ELSE 1 END,
      "lastFailedAt" = EXCLUDED."lastFailedAt"`.execute(q);
  await sql`DELETE FROM sign_in_guessing WHERE "lastFailedAt" < ${at(now - GUESSING_KEPT_DAYS * 24 * 60 * 60 * 1000)}
    OR (kind, subject) IN (SELECT kind, subject FROM sign_in_guessing ORDER BY "lastFailedAt" DESC
      OFFSET ${MAX_GUESSING_ROWS})`.execute(q);
}

/**
 * A sign-in that worked: its device's count goes. An untrusted one also clears its account's count (the person proved
 * the password); a trusted one does not: the owner signing in from their own browser forgives nothing strangers tried.
 */
export async function recordSignInSuccess(attempt: Attempt, trusted: boolean, now = Date.now()): Promise<void> {
  const pairs = subjects(attempt).filter(([kind]) => kind === "device" || (kind === "account" && !trusted));
  const q = typedSql(pool());
  await sql`DELETE FROM sign_in_failure WHERE (kind, subject) IN (SELECT * FROM ${unnest(pairs)})`.execute(q);
  // The address showed one more real person: once per account and hour (addressAllowance).
  if (attempt.address) {
    await sql`INSERT INTO sign_in_failure (kind, subject, failures, "firstFailedAt", "lastFailedAt")
      VALUES ('address-success', ${`${attempt.address}|${accountOf(attempt.email)}`}, 0, ${at(now)}, ${at(now)})
      ON CONFLICT (kind, subject) DO UPDATE SET "lastFailedAt" = EXCLUDED."lastFailedAt"`.execute(q);
    // These rows come with every sign-in, not only failures: they go by the same hour (an indexed delete).
    await sql`DELETE FROM sign_in_failure WHERE "lastFailedAt" < ${at(now - FORGET_MS)}`.execute(q);
  }
}

/** A password set through the mailed link proves the mailbox: the account's failures stop counting. */
export async function clearSignInFailures(email: string): Promise<void> {
  await sql`DELETE FROM sign_in_failure WHERE kind = 'account' AND subject = ${accountOf(email)}`.execute(
    typedSql(pool()),
  );
}

const FORGOT = `Forgot your password? Set a new one with "Forgot your password?" below`;

/** The refusal's words, with the wait, and the two ways on that never wait. */
export function throttledMessage(limit: "account" | "address", seconds: number): string {
  const wait = seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
  const knownBrowser = "A browser you have signed in to this account from before is not held up: sign in there.";
  return limit === "account"
    ? `Too many wrong passwords were tried for this account from browsers it was never signed in from, so a ` +
        `sign-in to it from this browser waits: try again in ${wait}. ${knownBrowser} ${FORGOT}: that ends the wait.`
    : `Too many failed sign-ins, to many accounts, came from your network address, so sign-ins from it wait: try ` +
        `again in ${wait}. ${knownBrowser} ${FORGOT}.`;
}
