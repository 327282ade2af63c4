import { sql } from "kysely";
import type pg from "pg";
import { COMMIT_WITHOUT_WAITING } from "../db/commit-without-waiting";
import { typedSql } from "../db/typed-sql";
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
  const data = JSON.stringify({ status: move.to, ...(message ? { message } : {}) });
  const row = await typedSql(db)
    .with("cur", (q) => q.selectFrom("sandbox_session").select("status").where("id", "=", sessionId).forUpdate())
    .with("upd", (q) =>
      q
        .updateTable("sandbox_session as s")
        .from("cur")
        .set({
          status: move.to,
          ...(move.to === "queued" ? { runnerId: null } : move.to === "starting" ? { runnerId: move.runnerId } : {}),
          ...(move.to === "open" ? { openedAt: sql`now()` } : {}),
          ...(move.to === "closed" ? { closedAt: sql`now()`, closeReason: message ?? null } : {}),
        })
        .where("s.id", "=", sessionId)
        .where(sql<boolean>`cur.status::text = ANY(${allowedFrom}::text[])`)
        .returning("cur.status as from"),
    )
    .with(
      "ev(id)",
      () => sql`(INSERT INTO session_event ("sessionId", type, data)
      SELECT ${sessionId}, 'status', ${data}::jsonb FROM upd RETURNING id)`,
    )
    .with("n", (q) => q.selectFrom("ev").select(notify(sessionId)))
    .selectNoFrom((e) => [
      e.selectFrom("upd").select("from").as("from"),
      e.selectFrom("cur").select("status").as("current"),
      e.selectFrom("n").select(e.fn.countAll().as("n")).as("n"),
    ])
    .executeTakeFirst();
  if (row?.from) return { moved: true, from: row.from };
  return { moved: false, current: row?.current ?? undefined };
}

/**
 * Tells a starting session's page what its host is doing now ("Loading your lab's images…"): a status event that
 * repeats `starting` with a message, appended only while the session is still starting, so it never follows its
 * opening or closing. The move's own rules stay moveSession's; this changes no status.
 */
export async function noteStarting(db: Db, sessionId: string, message: string): Promise<void> {
  const data = JSON.stringify({ status: "starting", message });
  await typedSql(db)
    .with(
      "e(id)",
      () => sql`(INSERT INTO session_event ("sessionId", type, data)
      SELECT id, 'status', ${data}::jsonb FROM sandbox_session WHERE id = ${sessionId} AND status = 'starting'
      RETURNING id)`,
    )
    .selectFrom("e")
    .select(notify(sessionId))
    .execute();
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
  const data = sql`${JSON.stringify(event.data)}::jsonb`;
  const row = await typedSql(db)
    .with("quick(quick)", () => sql.raw(`(${shown ? COMMIT_WITHOUT_WAITING : "SELECT 1"})`))
    .with("e", (q) => q.insertInto("session_event").values({ sessionId, type: event.type, data }).returning("id"))
    .selectFrom(["e", "quick"])
    .select(["id", notify(sessionId)])
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The session's events after `afterId`, oldest first, as stored; help snapshots are the web's alone, never sent. */
export async function listSessionEventsAfter(
  db: Db,
  sessionId: string,
  afterId: string,
  limit = 500,
): Promise<StoredSessionEvent[]> {
  const rows = await typedSql(db)
    .selectFrom("session_event")
    .select(["id", "type", "data"])
    .where((w) => w.and([w("sessionId", "=", sessionId), w("id", ">", afterId), w("type", "<>", "snapshot")]))
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows as StoredSessionEvent[];
}

/** Sends a control message to the hosts; false when it is too large for a NOTIFY (the caller refuses it). */
export async function notifySessionControl(db: Db, message: SessionControl): Promise<boolean> {
  const payload = JSON.stringify(message);
  if (Buffer.byteLength(payload) > MAX_CONTROL_PAYLOAD_BYTES) return false;
  await sql`SELECT pg_notify(${SESSION_CONTROL_CHANNEL}, ${payload})`.execute(typedSql(db));
  return true;
}

/** Wakes the app's listeners for the event `id` selected beside it. */
function notify(sessionId: string) {
  return sql`pg_notify(${EVENTS_CHANNEL}, ${sessionId} || ':' || id::text)`.as("n");
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
  const { numDeletedRows } = await typedSql(db)
    .deleteFrom("session_event as e")
    .using("sandbox_session as s")
    .whereRef("e.sessionId", "=", "s.id")
    .where((w) => w.and([w("e.type", "in", ["output", "snapshot"]), w("s.status", "=", "closed")]))
    .where("s.closedAt", "<", sql<Date>`now() - make_interval(secs => ${afterSeconds})`)
    .executeTakeFirst();
  return Number(numDeletedRows);
}
