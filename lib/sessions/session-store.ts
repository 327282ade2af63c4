import type pg from "pg";
import { EVENTS_CHANNEL } from "../submissions/event-types";

type Db = pg.Pool | pg.PoolClient;

/** PostgreSQL's NOTIFY payload limit is 8000 bytes; a control message must fit with room to spare. */
const MAX_CONTROL_PAYLOAD_BYTES = 7900;

/**
 * A kind of sandbox session (a shell in a graded image, a lab) as its rows are stored: `<name>_session` and its
 * event log `<name>_event`, the lifecycle its status (the enum `<Name>Status`) follows, and the channel its hosts
 * listen on. Every kind has the same columns for what this file writes (status, runnerId, openedAt, closedAt,
 * closeReason; the events' sessionId, type, data).
 */
export interface SessionKind<S extends string> {
  name: "shell" | "lab";
  table: `${SessionKind<S>["name"]}_session`;
  eventTable: `${SessionKind<S>["name"]}_event`;
  statusType: "ShellStatus" | "LabStatus";
  statuses: readonly S[];
  canMove(from: S, to: S): boolean;
  /** Where the web side's control messages (request, input, resize, close) reach the hosts. */
  controlChannel: string;
  /** When a session nobody can serve is closed (lib/sessions/stranded-sessions.ts), and what its learner reads. */
  stranded: StrandedRule;
}

export interface StrandedRule {
  /** How long a request may wait for a host to claim it; undefined: as long as its turn takes. */
  claimSeconds?: number;
  /** What the learner reads: its host died; no host claimed it in time (only with a claim deadline). */
  reasons: { "runner-dead": string; unclaimed?: string };
}

export function sessionKind<S extends string>(
  name: SessionKind<S>["name"],
  lifecycle: { statuses: readonly S[]; canMove(from: S, to: S): boolean },
  hosts: { controlChannel: string; stranded: StrandedRule },
): SessionKind<S> {
  const statusType = name === "shell" ? "ShellStatus" : "LabStatus";
  return { name, table: `${name}_session`, eventTable: `${name}_event`, statusType, ...lifecycle, ...hosts };
}

/** A move and what the row keeps about it. */
export type SessionMove = { to: "starting"; runnerId: string } | { to: "open" } | { to: "closed"; reason: string };

export type SessionMoveOutcome<S extends string> = { moved: true; from: S } | { moved: false; current: S | undefined };

/**
 * The only way a stored session changes status. The move is checked against the lifecycle in the same statement
 * that makes it (so two hosts cannot both claim a request, and a session closes once), and the matching status
 * event is appended and NOTIFYed with it.
 */
export async function moveSession<S extends string>(
  db: Db,
  kind: SessionKind<S>,
  sessionId: string,
  move: SessionMove,
): Promise<SessionMoveOutcome<S>> {
  // Every kind's lifecycle has the three statuses a move goes to; what each may come from is the kind's own.
  const allowedFrom = kind.statuses.filter((s) => kind.canMove(s, move.to as S));
  const message = move.to === "closed" ? move.reason : undefined;
  const { rows } = await db.query<{ from: S | null; current: S | null }>(
    `WITH cur AS (SELECT status FROM ${kind.table} WHERE id = $1 FOR UPDATE),
     upd AS (
       UPDATE ${kind.table} s SET
         status = $2::"${kind.statusType}",
         "runnerId" = COALESCE($4, s."runnerId"),
         "openedAt" = CASE WHEN $2 = 'open' THEN now() ELSE s."openedAt" END,
         "closedAt" = CASE WHEN $2 = 'closed' THEN now() ELSE s."closedAt" END,
         "closeReason" = COALESCE($5, s."closeReason")
       FROM cur WHERE s.id = $1 AND cur.status::text = ANY($3::text[])
       RETURNING cur.status AS from
     ),
     ev AS (
       INSERT INTO ${kind.eventTable} ("sessionId", type, data)
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
 * Appends an event other than a status move (output, a lab task's standing, a preview's answer) and wakes
 * listeners in one statement: sessions' events share the app's one LISTEN channel, keyed by the session id.
 */
export async function appendSessionEvent<S extends string>(
  db: Db,
  kind: SessionKind<S>,
  sessionId: string,
  event: { type: string; data: unknown },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `WITH e AS (INSERT INTO ${kind.eventTable} ("sessionId", type, data) VALUES ($1, $2, $3::jsonb) RETURNING id)
     SELECT id::text, pg_notify($4, $1 || ':' || id::text) FROM e`,
    [sessionId, event.type, JSON.stringify(event.data), EVENTS_CHANNEL],
  );
  return rows[0]!.id;
}

/** The session's events after `afterId`, oldest first, as stored (the caller's protocol types them). */
export async function listSessionEventsAfter<S extends string, E extends { id: string; type: string }>(
  db: Db,
  kind: SessionKind<S>,
  sessionId: string,
  afterId: string,
  limit = 500,
): Promise<E[]> {
  const { rows } = await db.query<{ id: string; type: string; data: unknown }>(
    `SELECT id::text, type, data FROM ${kind.eventTable}
     WHERE "sessionId" = $1 AND id > $2::bigint ORDER BY ${kind.eventTable}.id LIMIT $3`,
    [sessionId, afterId, limit],
  );
  return rows.map((r) => ({ id: r.id, type: r.type, data: r.data }) as unknown as E);
}

/** Sends a control message to the kind's hosts; false when it is too large for a NOTIFY (the caller refuses it). */
export async function notifySessionControl<S extends string>(
  db: Db,
  kind: SessionKind<S>,
  message: unknown,
): Promise<boolean> {
  const payload = JSON.stringify(message);
  if (Buffer.byteLength(payload) > MAX_CONTROL_PAYLOAD_BYTES) return false;
  await db.query("SELECT pg_notify($1, $2)", [kind.controlChannel, payload]);
  return true;
}

/**
 * Deletes what closed sessions' terminals printed once they have been closed for `afterSeconds`: nobody can follow
 * a closed session again, and a terminal may print megabytes. The session rows, their status moves and a lab's task
 * events stay, as the record of who did what, when, and why it closed. Answers how many events went.
 */
export async function pruneClosedSessionOutput<S extends string>(
  db: Db,
  kind: SessionKind<S>,
  afterSeconds: number,
): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM ${kind.eventTable} e USING ${kind.table} s
     WHERE e."sessionId" = s.id AND e.type = 'output' AND s.status = 'closed'
       AND s."closedAt" < now() - make_interval(secs => $1)`,
    [afterSeconds],
  );
  return rowCount ?? 0;
}

/** The store of one kind, its functions bound to it and typed by its protocol: what shells and labs export. */
export function sessionStore<
  S extends string,
  E extends { id: string; type: string; data: unknown },
  C extends { kind: string; sessionId: string },
>(kind: SessionKind<S>) {
  return {
    move: (db: Db, sessionId: string, move: SessionMove) => moveSession(db, kind, sessionId, move),
    append: (db: Db, sessionId: string, event: Omit<Exclude<E, { type: "status" }>, "id">) =>
      appendSessionEvent(db, kind, sessionId, event),
    listAfter: (db: Db, sessionId: string, afterId: string, limit = 500) =>
      listSessionEventsAfter<S, E>(db, kind, sessionId, afterId, limit),
    notify: (db: Db, message: C) => notifySessionControl(db, kind, message),
    pruneOutput: (db: Db, afterSeconds: number) => pruneClosedSessionOutput(db, kind, afterSeconds),
  };
}
