import type pg from "pg";
import { EVENTS_CHANNEL } from "../submissions/event-types";
import { canMoveShell, type ShellStatus } from "./shell-lifecycle";
import {
  MAX_CONTROL_PAYLOAD_BYTES,
  SHELL_CONTROL_CHANNEL,
  type ShellControl,
  type ShellEvent,
  type StoredShellEvent,
} from "./shell-protocol";

type Db = pg.Pool | pg.PoolClient;

/** A move and what the row keeps about it. */
export type ShellMove = { to: "starting"; runnerId: string } | { to: "open" } | { to: "closed"; reason: string };

export type ShellMoveOutcome = { moved: true; from: ShellStatus } | { moved: false; current: ShellStatus | undefined };

/**
 * The only way a stored shell changes status. The move is checked against the lifecycle in the same statement
 * that makes it (so two runners cannot both claim a request, and a shell closes once), and the matching status
 * event is appended and NOTIFYed with it.
 */
export async function moveShell(db: Db, sessionId: string, move: ShellMove): Promise<ShellMoveOutcome> {
  const allowedFrom = (["requested", "starting", "open", "closed"] as const).filter((s) => canMoveShell(s, move.to));
  const message = move.to === "closed" ? move.reason : undefined;
  const { rows } = await db.query<{ from: ShellStatus | null; current: ShellStatus | null }>(
    `WITH cur AS (SELECT status FROM shell_session WHERE id = $1 FOR UPDATE),
     upd AS (
       UPDATE shell_session s SET
         status = $2::"ShellStatus",
         "runnerId" = COALESCE($4, s."runnerId"),
         "openedAt" = CASE WHEN $2 = 'open' THEN now() ELSE s."openedAt" END,
         "closedAt" = CASE WHEN $2 = 'closed' THEN now() ELSE s."closedAt" END,
         "closeReason" = COALESCE($5, s."closeReason")
       FROM cur WHERE s.id = $1 AND cur.status::text = ANY($3::text[])
       RETURNING cur.status AS from
     ),
     ev AS (
       INSERT INTO shell_event ("sessionId", type, data)
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
 * Appends output and wakes listeners in one statement, as the submission event log does: the shell's events share
 * the app's one LISTEN channel, keyed by the session id.
 */
export async function appendShellOutput(db: Db, sessionId: string, text: string): Promise<string> {
  const event: ShellEvent = { type: "output", data: { text } };
  const { rows } = await db.query<{ id: string }>(
    `WITH e AS (INSERT INTO shell_event ("sessionId", type, data) VALUES ($1, $2, $3::jsonb) RETURNING id)
     SELECT id::text, pg_notify($4, $1 || ':' || id::text) FROM e`,
    [sessionId, event.type, JSON.stringify(event.data), EVENTS_CHANNEL],
  );
  return rows[0]!.id;
}

export async function listShellEventsAfter(
  db: Db,
  sessionId: string,
  afterId: string,
  limit = 500,
): Promise<StoredShellEvent[]> {
  const { rows } = await db.query<{ id: string; type: ShellEvent["type"]; data: unknown }>(
    `SELECT id::text, type, data FROM shell_event
     WHERE "sessionId" = $1 AND id > $2::bigint ORDER BY shell_event.id LIMIT $3`,
    [sessionId, afterId, limit],
  );
  return rows.map((r) => ({ id: r.id, type: r.type, data: r.data }) as StoredShellEvent);
}

/** Sends a control message to the runners; false when it is too large for a NOTIFY (the caller refuses it). */
export async function notifyShellControl(db: Db, message: ShellControl): Promise<boolean> {
  const payload = JSON.stringify(message);
  if (Buffer.byteLength(payload) > MAX_CONTROL_PAYLOAD_BYTES) return false;
  await db.query("SELECT pg_notify($1, $2)", [SHELL_CONTROL_CHANNEL, payload]);
  return true;
}

/**
 * Deletes what closed shells printed once they have been closed for `afterSeconds`: nobody can follow a closed
 * shell again, and a shell may print megabytes. The session rows and their status moves stay, as the record of
 * who opened a shell in whose image, when, and why it closed. Answers how many events went.
 */
export async function pruneClosedShellOutput(db: Db, afterSeconds = SHELL_OUTPUT_KEPT_SECONDS): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM shell_event e USING shell_session s
     WHERE e."sessionId" = s.id AND e.type = 'output' AND s.status = 'closed'
       AND s."closedAt" < now() - make_interval(secs => $1)`,
    [afterSeconds],
  );
  return rowCount ?? 0;
}

/** A closed shell's output stays this long: a page that lost its connection at the close can still read the end. */
export const SHELL_OUTPUT_KEPT_SECONDS = 60 * 60;
