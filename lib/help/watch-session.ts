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
import { LIVE_SESSION_STATUSES } from "../sessions/session-lifecycle";
import { strandedSessionSql } from "../sessions/stranded-sessions";
import { followSessionEvents, streamSessionEvents } from "../sessions/stream-session-events";
import { helpClosedBy } from "../timed/timed-windows";
import type { WatchableLab } from "./help-protocol";
import type { HelpRequestRow } from "./help-rows";

/**
 * Watching a learner's lab live, read-only: the one rule for who may. A member of staff may follow (never type into,
 * resize or close) a learner's live lab session while the learner has an open request for help about that lab with
 * their consent to watching on, and the staff member is an instructor or teaching assistant of a class the learner
 * is in. The consent says "class staff", so an admin's role alone does not let them in. The request names the
 * session it was asked from, or the lab: a lab started again after asking (a closed one, a lab that was not open)
 * is the same lab the learner agreed to show. The learner shares one terminal tab (`watchTab`), and staff are sent
 * that tab's output alone; each batch sent to them is sent while the share holds (`whileShared`).
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

/**
 * Whether `viewer` may follow the session's events, read-only, as staff the learner let in (the learner sharing `tab`,
 * or any tab when absent). Never its owner.
 */
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
export async function watchableSession(viewer: Viewer, request: HelpRequestRow): Promise<WatchableLab | null> {
  if (request.kind !== "lab" || !request.watchConsent || request.status !== "open") return null;
  if (request.userId === viewer.id || !(await classStaffOf(viewer, request.userId))) return null;
  const live = await typedSql(pool())
    .selectFrom("sandbox_session as s")
    .select(["s.id as sessionId", "s.status", "s.cols", "s.rows"])
    .where(sql<boolean>`s.kind = 'lab' AND s."userId" = ${request.userId} AND s."labSlug" = ${request.itemSlug}
      AND s.status::text = ANY(${LIVE_SESSION_STATUSES}::text[]) AND NOT ${sql.raw(strandedSessionSql("s"))}`)
    .orderBy("s.createdAt", "desc")
    .limit(1)
    .executeTakeFirst();
  return live ? { ...live, tab: request.watchTab } : null;
}

/**
 * Runs `work` (a batch of the watch's sends) while the learner still shares `tab` of the session, holding their
 * requests' rows FOR SHARE until it has sent: the learner's "Stop sharing" (an UPDATE of that row) waits for a batch
 * under way, and once it has committed the next batch sees it and sends nothing. So no byte reaches staff after the
 * withdrawal (or the resolution) committed. The class-staff rule is the connection's and the recheck's. The
 * transaction only reads, so its end (a commit) releases the locks as a rollback would.
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
 * `GET /api/sessions/:id/events`: the caller's own session's stream, or, for staff the learner let in
 * (canWatchSession), the shared tab's part of it, read-only: nothing more is sent once the learner stops sharing it
 * (or shares another tab, or the request is resolved), and the stream ends then or within RECHECK_MS (the browser's
 * reconnect then gets the 404 anyone else gets). Input, resizing and closing stay the owner's (`ownSession`).
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
