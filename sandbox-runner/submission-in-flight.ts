import type pg from "pg";
import { isInFlightStatus, runnerAliveSql, type SubmissionStatus } from "./grading/lib";

/**
 * Whether anyone may still be using a submission's Docker resources: it is
 * queued, or running on a runner that still heartbeats. Ids unknown to the
 * database (command-line grading) count as in flight; the reaper's age limit
 * covers those.
 */
export function submissionInFlight(db: pg.Pool) {
  return async (submissionId: string): Promise<boolean> => {
    const { rows } = await db.query<{ status: SubmissionStatus; alive: boolean | null }>(
      `SELECT s.status, ${runnerAliveSql("h")} AS alive
       FROM submission s LEFT JOIN runner_heartbeat h ON h.id = s."runnerId" WHERE s.id = $1`,
      [submissionId],
    );
    const row = rows[0];
    if (!row) return true;
    // Only a running submission has a runner whose death can orphan its resources.
    return row.status === "running" ? row.alive === true : isInFlightStatus(row.status);
  };
}
