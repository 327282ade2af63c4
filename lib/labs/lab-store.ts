import type pg from "pg";
import { markScoresDue } from "../scores-due/scores-due";
import { EVENTS_CHANNEL } from "../submissions/event-types";
import { canMoveLab, LAB_STATUSES, type LabStatus } from "./lab-lifecycle";
import { LAB_CONTROL_CHANNEL, type LabControl, type LabEvent, type StoredLabEvent } from "./lab-protocol";

type Db = pg.Pool | pg.PoolClient;

/** PostgreSQL's NOTIFY payload limit is 8000 bytes; a control message must fit with room to spare. */
const MAX_CONTROL_PAYLOAD_BYTES = 7900;

/** A move and what the row keeps about it. */
export type LabMove = { to: "starting"; runnerId: string } | { to: "open" } | { to: "closed"; reason: string };

export type LabMoveOutcome = { moved: true; from: LabStatus } | { moved: false; current: LabStatus | undefined };

/**
 * The only way a stored lab changes status. The move is checked against the lifecycle in the same statement that
 * makes it (so two lab hosts cannot both claim a queued lab, and a lab closes once), and the matching status event
 * is appended and NOTIFYed with it.
 */
export async function moveLab(db: Db, sessionId: string, move: LabMove): Promise<LabMoveOutcome> {
  const allowedFrom = LAB_STATUSES.filter((s) => canMoveLab(s, move.to));
  const message = move.to === "closed" ? move.reason : undefined;
  const { rows } = await db.query<{ from: LabStatus | null; current: LabStatus | null }>(
    `WITH cur AS (SELECT status FROM lab_session WHERE id = $1 FOR UPDATE),
     upd AS (
       UPDATE lab_session s SET
         status = $2::"LabStatus",
         "runnerId" = COALESCE($4, s."runnerId"),
         "openedAt" = CASE WHEN $2 = 'open' THEN now() ELSE s."openedAt" END,
         "closedAt" = CASE WHEN $2 = 'closed' THEN now() ELSE s."closedAt" END,
         "closeReason" = COALESCE($5, s."closeReason")
       FROM cur WHERE s.id = $1 AND cur.status::text = ANY($3::text[])
       RETURNING cur.status AS from
     ),
     ev AS (
       INSERT INTO lab_event ("sessionId", type, data)
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
 * Appends an event other than a status move (output, a task's standing, a preview's answer) and wakes listeners in
 * one statement: a lab's events share the app's one LISTEN channel, keyed by the session id.
 */
export async function appendLabEvent(
  db: Db,
  sessionId: string,
  event: Exclude<LabEvent, { type: "status" }>,
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `WITH e AS (INSERT INTO lab_event ("sessionId", type, data) VALUES ($1, $2, $3::jsonb) RETURNING id)
     SELECT id::text, pg_notify($4, $1 || ':' || id::text) FROM e`,
    [sessionId, event.type, JSON.stringify(event.data), EVENTS_CHANNEL],
  );
  return rows[0]!.id;
}

/**
 * Records that the session's learner has done a task of the session's lab, the first time only (a later session of
 * the same lab keeps the first date). True when this was the first time.
 */
export async function recordLabTaskDone(db: Db, sessionId: string, taskId: string): Promise<boolean> {
  const { rows } = await db.query<{ userId: string; labSlug: string }>(
    `INSERT INTO lab_task_done ("userId", "labSlug", "taskId", "sessionId")
     SELECT "userId", "labSlug", $2, id FROM lab_session WHERE id = $1
     ON CONFLICT ("userId", "labSlug", "taskId") DO NOTHING RETURNING "userId", "labSlug"`,
    [sessionId, taskId],
  );
  const done = rows[0];
  // A learner launched from an LMS has the lab's new score sent back to it.
  if (done) await markScoresDue({ kind: "lab", itemSlug: done.labSlug, userId: done.userId }, db);
  return done !== undefined;
}

/** The tasks of the session's lab that its learner has done, in this session or an earlier one. */
export async function labTasksDoneBefore(db: Db, sessionId: string): Promise<string[]> {
  const { rows } = await db.query<{ taskId: string }>(
    `SELECT d."taskId" FROM lab_task_done d
       JOIN lab_session s ON s."userId" = d."userId" AND s."labSlug" = d."labSlug"
      WHERE s.id = $1`,
    [sessionId],
  );
  return rows.map((r) => r.taskId);
}

export async function listLabEventsAfter(
  db: Db,
  sessionId: string,
  afterId: string,
  limit = 500,
): Promise<StoredLabEvent[]> {
  const { rows } = await db.query<{ id: string; type: LabEvent["type"]; data: unknown }>(
    `SELECT id::text, type, data FROM lab_event
     WHERE "sessionId" = $1 AND id > $2::bigint ORDER BY lab_event.id LIMIT $3`,
    [sessionId, afterId, limit],
  );
  return rows.map((r) => ({ id: r.id, type: r.type, data: r.data }) as StoredLabEvent);
}

/** Sends a control message to the lab hosts; false when it is too large for a NOTIFY (the caller refuses it). */
export async function notifyLabControl(db: Db, message: LabControl): Promise<boolean> {
  const payload = JSON.stringify(message);
  if (Buffer.byteLength(payload) > MAX_CONTROL_PAYLOAD_BYTES) return false;
  await db.query("SELECT pg_notify($1, $2)", [LAB_CONTROL_CHANNEL, payload]);
  return true;
}

/**
 * Deletes what closed labs' terminals printed an hour after they closed: nobody can follow a closed lab again.
 * Status moves, task events and previews stay, as the record of what the learner did. Answers how many went.
 */
export async function pruneClosedLabOutput(db: Db, afterSeconds = 60 * 60): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM lab_event e USING lab_session s
     WHERE e."sessionId" = s.id AND e.type = 'output' AND s.status = 'closed'
       AND s."closedAt" < now() - make_interval(secs => $1)`,
    [afterSeconds],
  );
  return rowCount ?? 0;
}
