import type pg from "pg";
import { runnerAliveSql } from "../runners/liveness";
import { moveSession, type SessionKind } from "./session-store";

/** A session closed because nobody could serve it any more, and why. */
export interface StrandedSession {
  sessionId: string;
  why: "runner-dead" | "unclaimed";
}

/**
 * SQL condition: the live session `alias` of `kind` can no longer be served: the host that claimed it stopped
 * beating (the one liveness rule, lib/runners/liveness.ts; a host without a heartbeat row counts as dead), or, for
 * a kind with a claim deadline, no host claimed its request in time. A kind without one (labs) keeps its requests
 * however long they wait: its queue is honest, and the page says where each stands. Such a session must neither
 * count against its learner's limit nor be reattached to.
 */
export function strandedSessionSql<S extends string>(kind: SessionKind<S>, alias: string): string {
  const holderAlive = `EXISTS (SELECT 1 FROM runner_heartbeat r
                               WHERE r.id = ${alias}."runnerId" AND ${runnerAliveSql("r")})`;
  const holderDead = `(${alias}.status IN ('starting', 'open') AND NOT ${holderAlive})`;
  const { claimSeconds } = kind.stranded;
  if (claimSeconds === undefined) return holderDead;
  // The request status is the lifecycle's first.
  const unclaimed = `(${alias}.status = '${kind.statuses[0]}'
                      AND ${alias}."createdAt" < now() - make_interval(secs => ${Number(claimSeconds)}))`;
  return `(${unclaimed} OR ${holderDead})`;
}

/**
 * Closes the stranded sessions of `kind` (all of them, or one account's) through `moveSession`, so their pages read
 * why; answers those it closed. Hosts close their own sessions in the normal course; every live runner sweeps for
 * the stranded ones at each heartbeat, and opening a session sweeps its learner's first, so a limit is never held
 * by a session nobody serves.
 */
export async function closeStrandedSessions<S extends string>(
  db: pg.Pool | pg.PoolClient,
  kind: SessionKind<S>,
  { userId }: { userId?: string } = {},
): Promise<StrandedSession[]> {
  const { rows } = await db.query<StrandedSession>(
    `SELECT s.id AS "sessionId", CASE WHEN s.status IN ('starting', 'open') THEN 'runner-dead' ELSE 'unclaimed' END AS why
     FROM ${kind.table} s
     WHERE ($1::text IS NULL OR s."userId" = $1) AND ${strandedSessionSql(kind, "s")}
     ORDER BY s."createdAt", s.id`,
    [userId ?? null],
  );
  const closed: StrandedSession[] = [];
  for (const session of rows) {
    const { reasons } = kind.stranded;
    const reason = (session.why === "unclaimed" && reasons.unclaimed) || reasons["runner-dead"];
    const outcome = await moveSession(db, kind, session.sessionId, { to: "closed", reason });
    if (outcome.moved) closed.push(session);
  }
  return closed;
}
