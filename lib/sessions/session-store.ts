import type pg from "pg";
import { COMMIT_WITHOUT_WAITING } from "../db/commit-without-waiting";
import { EVENTS_CHANNEL } from "../events/event-channel";
import { canMoveSession, SESSION_STATUSES, type SessionStatus } from "./session-lifecycle";
import {
  SESSION_CONTROL_CHANNEL,
  type SessionControl,
  type SessionReport,
  type StoredSessionEvent,
} from "./session-protocol";

type Db = pg.Pool | pg.PoolClient;

/** PostgreSQL's NOTIFY payload limit is 8000 bytes; a control message must fit with room to spare. */
const MAX_CONTROL_PAYLOAD_BYTES = 7900;

/** A move and what the row keeps about it. */
export type SessionMove =
  | { to: "starting"; runnerId: string }
  | { to: "open" }
  | { to: "closed"; reason: string }
  /** Back in the queue, no host's any more (a lab its host kept when it stopped); `reason` tells the page why. */
  | { to: "queued"; reason: string };

export type SessionMoveOutcome = { moved: true; from: SessionStatus } | { moved: false; current?: SessionStatus };

/**
 * The only way a stored session changes status. The move is checked against the lifecycle in the same statement
 * that makes it (so two hosts cannot both claim a request, and a session closes once), and the matching status
 * event is appended and NOTIFYed with it.
 */
export async function moveSession(db: Db, sessionId: string, move: SessionMove): Promise<SessionMoveOutcome> {
  const allowedFrom = SESSION_STATUSES.filter((s) => canMoveSession(s, move.to));
  const message = move.to === "closed" || move.to === "queued" ? move.reason : undefined;
  const { rows } = await db.query<{ from: SessionStatus | null; current: SessionStatus | null }>(
    `WITH cur AS (SELECT status FROM sandbox_session WHERE id = $1 FOR UPDATE),
     upd AS (
       UPDATE sandbox_session s SET
         status = $2::"SessionStatus",
         "runnerId" = CASE WHEN $2 = 'queued' THEN NULL ELSE COALESCE($4, s."runnerId") END,
         "openedAt" = CASE WHEN $2 = 'open' THEN now() ELSE s."openedAt" END,
         "closedAt" = CASE WHEN $2 = 'closed' THEN now() ELSE s."closedAt" END,
         "closeReason" = CASE WHEN $2 = 'closed' THEN $5 ELSE s."closeReason" END
       FROM cur WHERE s.id = $1 AND cur.status::text = ANY($3::text[])
       RETURNING cur.status AS from
     ),
     ev AS (
       INSERT INTO session_event ("sessionId", type, data)
       SELECT $1, 'status', $6::jsonb FROM upd RETURNING id
     ),
     n AS (SELECT pg_notify($7, $1 || ':' || id::text) FROM ev)
     SELECT (SELECT "from" FROM upd) AS from, (SELECT status FROM cur) AS current, (SELECT count(*) FROM n) AS n`,
    [
      sessionId,
      move.to,
      allowedFrom,
      move.to === "starting" ? move.runnerId : null,
      message ?? null,
      JSON.stringify({ status: move.to, ...(message ? { message } : {}) }),
      EVENTS_CHANNEL,
    ],
  );
  const row = rows[0];
  if (row?.from) return { moved: true, from: row.from };
  return { moved: false, current: row?.current ?? undefined };
}

/**
 * Tells a starting session's page what its host is doing now ("Loading your lab's images…"): a status event that
 * repeats `starting` with a message, appended only while the session is still starting, so it never follows its
 * opening or closing. The move's own rules stay moveSession's; this changes no status.
 */
export async function noteStarting(db: Db, sessionId: string, message: string): Promise<void> {
  await db.query(
    `WITH e AS (
       INSERT INTO session_event ("sessionId", type, data)
       SELECT id, 'status', $2::jsonb FROM sandbox_session WHERE id = $1 AND status = 'starting' RETURNING id
     )
     SELECT pg_notify($3, $1 || ':' || id::text) FROM e`,
    [sessionId, JSON.stringify({ status: "starting", message }), EVENTS_CHANNEL],
  );
}

/**
 * Appends an event other than a status move (output, a lab task's standing, a preview's answer, a help snapshot) and
 * wakes listeners in one statement: sessions' events share the app's one LISTEN channel, keyed by the session id.
 * Output and previews are committed without waiting for the disk (COMMIT_WITHOUT_WAITING): every keystroke's echo is
 * one of these, and what they say is shown, not kept. Tasks and snapshots are the evidence the web's course policy
 * records (lab credit, a help request's engine), so they wait for the disk like any record.
 */
export async function appendSessionEvent(
  db: Db,
  sessionId: string,
  event: Exclude<SessionReport, { type: "status" }>,
): Promise<string> {
  const shown = event.type === "output" || event.type === "preview";
  const { rows } = await db.query<{ id: string }>(
    `WITH quick AS (${shown ? COMMIT_WITHOUT_WAITING : "SELECT 1"}),
       e AS (INSERT INTO session_event ("sessionId", type, data) VALUES ($1, $2, $3::jsonb) RETURNING id)
     SELECT id::text, pg_notify($4, $1 || ':' || id::text) FROM e, quick`,
    [sessionId, event.type, JSON.stringify(event.data), EVENTS_CHANNEL],
  );
  return rows[0]!.id;
}

/** The session's events after `afterId`, oldest first, as stored; help snapshots are the web's alone, never sent. */
export async function listSessionEventsAfter(
  db: Db,
  sessionId: string,
  afterId: string,
  limit = 500,
): Promise<StoredSessionEvent[]> {
  const { rows } = await db.query<{ id: string; type: string; data: unknown }>(
    `SELECT id::text, type, data FROM session_event
     WHERE "sessionId" = $1 AND id > $2::bigint AND type <> 'snapshot' ORDER BY session_event.id LIMIT $3`,
    [sessionId, afterId, limit],
  );
  return rows.map((r) => ({ id: r.id, type: r.type, data: r.data }) as StoredSessionEvent);
}

/** Sends a control message to the hosts; false when it is too large for a NOTIFY (the caller refuses it). */
export async function notifySessionControl(db: Db, message: SessionControl): Promise<boolean> {
  const payload = JSON.stringify(message);
  if (Buffer.byteLength(payload) > MAX_CONTROL_PAYLOAD_BYTES) return false;
  await db.query("SELECT pg_notify($1, $2)", [SESSION_CONTROL_CHANNEL, payload]);
  return true;
}

/** A closed session's output stays this long: a page that lost its connection at the close can still read the end. */
export const SESSION_OUTPUT_KEPT_SECONDS = 60 * 60;

/**
 * Deletes what closed sessions' terminals printed (and help snapshots, filed long since) once they have been closed
 * for `afterSeconds`: nobody can follow a closed session again, and a terminal may print megabytes. The session rows,
 * their status moves and a lab's task events stay, as the record of who did what, when, and why it closed. Answers
 * how many events went.
 */
export async function pruneClosedSessionOutput(db: Db, afterSeconds = SESSION_OUTPUT_KEPT_SECONDS): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM session_event e USING sandbox_session s
     WHERE e."sessionId" = s.id AND e.type IN ('output', 'snapshot') AND s.status = 'closed'
       AND s."closedAt" < now() - make_interval(secs => $1)`,
    [afterSeconds],
  );
  return rowCount ?? 0;
}
