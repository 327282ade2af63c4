import "server-only";
import { sql } from "kysely";
import type pg from "pg";
import { canSeeLearner } from "../access/staff-scope";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { inTransaction } from "../db/transaction";
import { typedSql } from "../db/typed-sql";
import { RequestError } from "../errors/request-error";
import { rowIdSchema } from "../list-query/list-query";
import { liveSessions } from "../sessions/own-session";
import { LIVE_SESSION_STATUSES } from "../sessions/session-lifecycle";
import { followSessionEvents, streamSessionEvents } from "../sessions/stream-session-events";
import { helpClosedBy } from "../timed/timed-windows";
import type { HelpRequestRow } from "./help-rows";

/**
 * Watching a learner's lab live, read-only: the one rule for who may. An instructor or TA of a class the learner is
 * in (the consent says "class staff": an admin's role alone is not enough) may follow the learner's live lab while
 * they have an open request about that lab with consent on; a lab started again after asking is the same lab. Staff
 * are sent the shared tab's output alone, each batch while the share holds (`whileShared`).
 */

type Viewer = Pick<CurrentUser, "id" | "role">;

/** Instructor or TA of a class the learner is in (staff-scope's rule without an admin's reach). */
function classStaffOf(viewer: Viewer, learnerId: string): Promise<boolean> {
  return canSeeLearner({ userId: viewer.id, admin: false, canCreateClasses: false, classes: [] }, learnerId);
}

/** The open requests whose learner shares the live lab session (its tab, when not null) with staff. */
const sharing = (db: pg.Pool | pg.PoolClient, sessionId: string, tab: number | null) =>
  typedSql(db)
    .selectFrom("help_request as h")
    .innerJoin("sandbox_session as s", "s.userId", "h.userId")
    .where(sql<boolean>`s.id = ${sessionId} AND s.kind = 'lab'
      AND s.status::text = ANY(${LIVE_SESSION_STATUSES}::text[])
      AND h.kind = 'lab' AND h.status = 'open' AND h."watchConsent" AND (${tab}::int IS NULL OR h."watchTab" = ${tab})
      AND (h."sessionId" = s.id OR h."itemSlug" = s."labSlug")`);

/** Whether `viewer`, not its owner, may follow the session read-only as staff let in (to `tab`, or any tab). */
export async function canWatchSession(viewer: Viewer, sessionId: string, tab?: number): Promise<boolean> {
  if (!rowIdSchema.safeParse(sessionId).success) return false;
  const learner = (
    await sharing(pool(), sessionId, tab ?? null)
      .select("h.userId")
      .limit(1)
      .executeTakeFirst()
  )?.userId;
  return learner !== undefined && learner !== viewer.id && (await classStaffOf(viewer, learner));
}

/** The learner's live lab of the request's item, when `viewer` may watch it for this request now; else null. */
export async function watchableSession(viewer: Viewer, request: HelpRequestRow) {
  if (request.kind !== "lab" || !request.watchConsent || request.status !== "open") return null;
  if (request.userId === viewer.id || !(await classStaffOf(viewer, request.userId))) return null;
  const live = (await liveSessions(pool(), request.userId, "lab")).find((s) => s.labSlug === request.itemSlug);
  return live
    ? { sessionId: live.id, status: live.status, cols: live.cols, rows: live.rows, tab: request.watchTab }
    : null;
}

/**
 * Runs `work` (a batch of the watch's sends) while the learner still shares `tab`, holding their requests' rows FOR
 * SHARE until it has sent: "Stop sharing" (an UPDATE of the row) waits for it, and the next batch then sends nothing,
 * so no byte reaches staff after the withdrawal committed.
 */
function whileShared(viewer: Viewer, sessionId: string, tab: number, work: (db: pg.PoolClient) => Promise<void>) {
  return inTransaction(async (client) => {
    const held = await sharing(client, sessionId, tab).select("h.id").where("h.userId", "<>", viewer.id).forShare("h");
    if ((await held.execute()).length === 0) return false;
    await work(client);
    return true;
  });
}

/** How often a watch asks again whether it may go on: withdrawn consent, a resolved request, a closed lab. */
const RECHECK_MS = 5_000;

/**
 * `GET /api/sessions/:id/events`: the caller's own session's stream, or, for staff the learner let in, the shared
 * tab's part of it, which ends once sharing stops (within RECHECK_MS; the reconnect then gets a 404).
 */
export async function streamSessionEventsFor(
  user: CurrentUser,
  sessionId: string,
  lastEventId: string,
  signal: AbortSignal,
  tab = 0,
): Promise<ReadableStream<Uint8Array>> {
  try {
    // The learner's own lab shows no task hints while a timed assessment closes their help (lib/timed).
    const withoutHints = (await helpClosedBy(user.id)) !== null;
    return await streamSessionEvents(user, sessionId, lastEventId, signal, { withoutHints });
  } catch (err) {
    const notOwn = err instanceof RequestError && err.code === "NOT_FOUND";
    if (!notOwn || !(await canWatchSession(user, sessionId, tab))) throw err;
  }
  const watching = new AbortController();
  const timer = setInterval(() => {
    canWatchSession(user, sessionId, tab).then((may) => may || stop(), stop);
  }, RECHECK_MS);
  const stop = () => {
    clearInterval(timer);
    watching.abort();
  };
  if (signal.aborted) stop();
  else signal.addEventListener("abort", stop, { once: true });
  return followSessionEvents(sessionId, lastEventId, watching.signal, {
    shared: { tab, whileShared: (work) => whileShared(user, sessionId, tab, work) },
  });
}
