import "server-only";
import type pg from "pg";
import { pool } from "../db/pool";
import { RequestError } from "../errors/request-error";
import { LIVE_SESSION_STATUSES, type SessionKind, type SessionStatus } from "./session-lifecycle";
import { strandedSessionSql } from "./stranded-sessions";

type Db = pg.Pool | pg.PoolClient;

/** A stored session as the web side reads it. */
export interface SessionRow {
  id: string;
  kind: SessionKind;
  userId: string;
  status: SessionStatus;
  runnerId: string | null;
  cols: number;
  rows: number;
  closeReason: string | null;
  createdAt: Date;
  openedAt: Date | null;
  closedAt: Date | null;
  /** A shell's. */
  submissionId: string | null;
  engineId: string | null;
  /** A lab's. */
  labSlug: string | null;
}

// Ids are made here (UUIDs) and by Prisma (cuids): anything else names no session, and a NUL or a megabyte of text
// must not reach the database, where it would fail as a 500 instead of the 404 every unknown session gets.
const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/;

const NOT_YOURS = "There is no such shell or lab, or it is not yours. Open it again from its page.";

/**
 * A session of the caller's own, for every request about one: only its learner may see it, type into it, follow
 * it or close it. Anyone else, staff included, gets the same 404 as for a session that does not exist, so a
 * guessed id reveals nothing; so does a session of another kind than `kind`, when the request is for one kind.
 */
export async function ownSession(
  userId: string,
  sessionId: string,
  { db = pool(), lock = false, kind }: { db?: Db; lock?: boolean; kind?: SessionKind } = {},
): Promise<SessionRow> {
  if (!SESSION_ID.test(sessionId)) throw new RequestError("NOT_FOUND", NOT_YOURS);
  const { rows } = await db.query<SessionRow>(
    `SELECT s.id, s.kind::text AS kind, s."userId", s.status::text AS status, s."runnerId", s.cols, s.rows,
            s."closeReason", s."createdAt", s."openedAt", s."closedAt", s."submissionId", s."engineId", s."labSlug"
     FROM sandbox_session s WHERE s.id = $1 ${lock ? "FOR UPDATE" : ""}`,
    [sessionId],
  );
  const row = rows[0];
  if (!row || row.userId !== userId || (kind && row.kind !== kind)) throw new RequestError("NOT_FOUND", NOT_YOURS);
  return row;
}

/**
 * A queued session's place in the queue: 1 plus the queued sessions its hosts would claim before it (oldest first;
 * a shell's, those waiting for the same engine). Undefined once it has left the queue.
 */
export async function queuePosition(db: Db, sessionId: string): Promise<number | undefined> {
  const { rows } = await db.query<{ position: number }>(
    `SELECT 1 + (SELECT count(*)::int FROM sandbox_session o
                 WHERE o.status = 'queued' AND o.kind = s.kind AND o."engineId" IS NOT DISTINCT FROM s."engineId"
                   AND (o."createdAt", o.id) < (s."createdAt", s.id)) AS position
     FROM sandbox_session s WHERE s.id = $1 AND s.status = 'queued'`,
    [sessionId],
  );
  return rows[0]?.position;
}

/** One of the account's live sessions of a kind. */
export interface LiveSession {
  id: string;
  status: SessionStatus;
  createdAt: Date;
  submissionId: string | null;
  labSlug: string | null;
}

/** The account's live sessions of `kind`, newest first; one whose host died counts as gone, as opening finds it. */
export async function liveSessions(db: Db, userId: string, kind: SessionKind): Promise<LiveSession[]> {
  const { rows } = await db.query<LiveSession>(
    `SELECT s.id, s.status::text AS status, s."createdAt", s."submissionId", s."labSlug" FROM sandbox_session s
     WHERE s.kind = $1 AND s."userId" = $2 AND s.status::text = ANY($3::text[]) AND NOT ${strandedSessionSql("s")}
     ORDER BY s."createdAt" DESC`,
    [kind, userId, LIVE_SESSION_STATUSES],
  );
  return rows;
}
