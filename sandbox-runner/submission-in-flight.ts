import { sql } from "kysely";
import type pg from "pg";
import { isInFlightStatus, runnerAliveSql, typedSql } from "./grading/lib";

/**
 * Whether anyone may still be using a submission's Docker resources: it is
 * queued, or running on a runner that still heartbeats. Ids unknown to the
 * database (command-line grading) count as in flight; the reaper's age limit
 * covers those.
 */
export function submissionInFlight(db: pg.Pool) {
  return async (submissionId: string): Promise<boolean> => {
    const row = await typedSql(db)
      .selectFrom("submission as s")
      .leftJoin("runner_heartbeat as h", "h.id", "s.runnerId")
      .select(["s.status", sql.raw<boolean | null>(runnerAliveSql("h")).as("alive")])
      .where("s.id", "=", submissionId)
      .executeTakeFirst();
    if (!row) return true;
    // Only a running submission has a runner whose death can orphan its resources.
    return row.status === "running" ? row.alive === true : isInFlightStatus(row.status);
  };
}
