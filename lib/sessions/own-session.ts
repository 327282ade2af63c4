import "server-only";
import { sql } from "kysely";
import type pg from "pg";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { RequestError } from "../errors/request-error";
import { rowIdSchema } from "../list-query/list-query";
import { LIVE_SESSION_STATUSES, type SessionKind } from "./session-lifecycle";
import { strandedSessionSql } from "./stranded-sessions";

type Db = pg.Pool | pg.PoolClient;

/** A stored session as the web side reads it. */
export type SessionRow = Awaited<ReturnType<typeof ownSession>>;

const NOT_YOURS = "There is no such shell or lab, or it is not yours. Open it again from its page.";

/**
 * A session of the caller's own (of `kind`, when given): anyone else, staff included, gets the same 404 as for a
 * session that does not exist, so a guessed id reveals nothing.
 */
export async function ownSession(
  userId: string,
  sessionId: string,
  { db = pool(), lock = false, kind }: { db?: Db; lock?: boolean; kind?: SessionKind } = {},
) {
  // A NUL or a megabyte of text must not reach the database, where it would fail as a 500 instead of this 404.
  if (!rowIdSchema.safeParse(sessionId).success) throw new RequestError("NOT_FOUND", NOT_YOURS);
  const row = await typedSql(db)
    .selectFrom("sandbox_session")
    .select(["id", "kind", "userId", "status", "runnerId", "cols", "rows", "closeReason", "createdAt", "openedAt"])
    .select(["closedAt", "submissionId", "engineId", "labSlug"])
    .where("id", "=", sessionId)
    .$if(lock, (q) => q.forUpdate())
    .executeTakeFirst();
  if (!row || row.userId !== userId || (kind && row.kind !== kind)) throw new RequestError("NOT_FOUND", NOT_YOURS);
  return row;
}

/** A queued session's place: 1 plus the queued ones its hosts would claim first; undefined once it has left. */
export async function queuePosition(db: Db, sessionId: string): Promise<number | undefined> {
  const row = await typedSql(db)
    .selectFrom("sandbox_session as s")
    .select(
      sql<number>`1 + (SELECT count(*)::int FROM sandbox_session o
                       WHERE o.status = 'queued' AND o.kind = s.kind AND o."engineId" IS NOT DISTINCT FROM s."engineId"
                         AND (o."createdAt", o.id) < (s."createdAt", s.id))`.as("position"),
    )
    .where((s) => s.and({ "s.id": sessionId, "s.status": "queued" }))
    .executeTakeFirst();
  return row?.position;
}

export type LiveSession = Awaited<ReturnType<typeof liveSessions>>[number];

/** The account's live sessions of `kind`, newest first; one whose host died counts as gone, as opening finds it. */
export async function liveSessions(db: Db, userId: string, kind: SessionKind) {
  return typedSql(db)
    .selectFrom("sandbox_session as s")
    .select(["s.id", "s.status", "s.createdAt", "s.submissionId", "s.labSlug", "s.cols", "s.rows"])
    .where((s) => s.and({ "s.kind": kind, "s.userId": userId }))
    .where("s.status", "in", LIVE_SESSION_STATUSES)
    .where(sql<boolean>`NOT ${sql.raw(strandedSessionSql("s"))}`)
    .orderBy("s.createdAt", "desc")
    .execute();
}
