import { sql } from "kysely";
import type pg from "pg";
import { typedSql } from "../db/typed-sql";
import { runnerAliveSql } from "../runners/liveness";
import { SESSION_KIND_RULES } from "./session-kinds";
import { SESSION_KINDS, type SessionKind } from "./session-lifecycle";
import { moveSession } from "./session-store";

/** A session closed because nobody could serve it any more, and why. */
export interface StrandedSession {
  sessionId: string;
  kind: SessionKind;
  why: "runner-dead" | "unclaimed";
}

/**
 * SQL condition: the live session `alias` (a sandbox_session row) can no longer be served: the host that claimed it
 * stopped beating (the one liveness rule, lib/runners/liveness.ts; a host without a heartbeat row counts as dead),
 * or, for a kind with a claim deadline, no host claimed it in time. Such a session must neither count against its
 * learner's limit nor be reattached to.
 */
export function strandedSessionSql(alias: string): string {
  const holderAlive = `EXISTS (SELECT 1 FROM runner_heartbeat r
                               WHERE r.id = ${alias}."runnerId" AND ${runnerAliveSql("r")})`;
  const deadlines = SESSION_KINDS.flatMap((kind) => {
    const seconds = SESSION_KIND_RULES[kind].claimSeconds;
    return seconds === undefined
      ? []
      : [`(${alias}.kind = '${kind}' AND ${alias}."createdAt" < now() - make_interval(secs => ${Number(seconds)}))`];
  });
  const unclaimed = deadlines.length ? ` OR (${alias}.status = 'queued' AND (${deadlines.join(" OR ")}))` : "";
  return `((${alias}.status IN ('starting', 'open') AND NOT ${holderAlive})${unclaimed})`;
}

/**
 * Closes the stranded sessions (all of them, or one account's) through `moveSession`, so their pages read why;
 * answers those it closed. Hosts close their own sessions in the normal course; every live runner sweeps for the
 * stranded ones at each heartbeat, and opening a session sweeps its learner's first, so a limit is never held by a
 * session nobody serves.
 */
export async function closeStrandedSessions(
  db: pg.Pool | pg.PoolClient,
  { userId }: { userId?: string } = {},
): Promise<StrandedSession[]> {
  const rows = await typedSql(db)
    .selectFrom("sandbox_session as s")
    .select(["s.id as sessionId", "s.kind"])
    .select(
      sql<StrandedSession["why"]>`CASE WHEN s.status IN ('starting', 'open') THEN 'runner-dead'
                                        ELSE 'unclaimed' END`.as("why"),
    )
    .$if(userId !== undefined, (q) => q.where("s.userId", "=", userId!))
    .where(sql.raw<boolean>(strandedSessionSql("s")))
    .orderBy("s.createdAt")
    .orderBy("s.id")
    .execute();
  const closed: StrandedSession[] = [];
  for (const session of rows) {
    const { reasons } = SESSION_KIND_RULES[session.kind];
    const reason = (session.why === "unclaimed" && reasons.unclaimed) || reasons.hostDead;
    const outcome = await moveSession(db, session.sessionId, { to: "closed", reason });
    if (outcome.moved) closed.push(session);
  }
  return closed;
}
