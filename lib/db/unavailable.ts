import { setTimeout as sleep } from "node:timers/promises";
import { isErrno } from "../errors/errno";

/**
 * SQLSTATEs of a server that is going away or not taking connections yet (restart, failover), as opposed to a
 * statement that is wrong: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections, and the
 * whole connection-exception class 08.
 */
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);
/** Socket errors of a server that is down or unreachable for now. */
const UNAVAILABLE_ERRNOS = [
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
];
/** node-postgres reports a connection lost mid-query, or a pool that could not connect in time, without a code. */
const UNAVAILABLE_MESSAGES =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/;

/**
 * The database did not answer, for a reason that passes by itself (a restart, a failover, a network blip): the same
 * statement may succeed later. False for anything the statement itself got wrong, and for a pool this process ended.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  // A few levels of causes (and an AggregateError's parts, as Node reports a refused dual-stack connect) suffice.
  const pending: { err: unknown; depth: number }[] = [{ err, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { err: e, depth } = next;
    if (typeof e !== "object" || e === null || depth > 4) continue;
    const { code, message, cause, errors } = e as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    if (typeof code === "string" && (UNAVAILABLE_SQLSTATES.has(code) || code.startsWith("08"))) return true;
    if (isErrno(e, ...UNAVAILABLE_ERRNOS)) return true;
    if (typeof message === "string" && UNAVAILABLE_MESSAGES.test(message)) return true;
    pending.push({ err: cause, depth: depth + 1 });
    if (Array.isArray(errors)) pending.push(...errors.map((part) => ({ err: part, depth: depth + 1 })));
  }
  return false;
}

export interface UntilAnswersOptions {
  /**
   * How long to keep trying before the last error is thrown. The default stays below a grading job's lease
   * (JOB_EXPIRE_SECONDS, 15 min), so a runner gives its job back to the queue's own retry before the lease ends.
   */
  giveUpAfterMs?: number;
  log?: (line: string) => void;
}

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 5_000;

/**
 * Runs a database call, and runs it again while the database is unavailable (see `isDatabaseUnavailable`), waiting
 * longer each time (250 ms doubling to 5 s): for writes that must not be lost to a restart, such as a submission's
 * final status. Other errors are thrown at once. `fn` must be safe to repeat: a statement whose connection dropped
 * may or may not have committed, so it is either idempotent or checked (a refused `transition`).
 */
export async function untilDatabaseAnswers<T>(
  what: string,
  fn: () => Promise<T>,
  { giveUpAfterMs = 10 * 60_000, log = (line) => console.warn(line) }: UntilAnswersOptions = {},
): Promise<T> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const value = await fn();
      if (attempt > 0) log(`[db] ${what}: the database answers again (after ${attempt} retries)`);
      return value;
    } catch (err) {
      if (!isDatabaseUnavailable(err) || Date.now() - started >= giveUpAfterMs) throw err;
      if (attempt === 0) log(`[db] ${what}: database unavailable (${(err as Error).message}); retrying`);
      await sleep(Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** attempt));
    }
  }
}
