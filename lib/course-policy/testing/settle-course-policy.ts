import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";
import { applyCoursePolicy, type PolicyPass } from "../course-policy";

/**
 * Runs course-policy passes until every event committed before the call is applied, and answers what they did
 * together. One pass may not be enough: a transaction still open anywhere in the cluster (another test's database
 * included) holds the horizon back, and the pass leaves what lies beyond it for the next.
 */
export async function settleCoursePolicy(db: pg.Pool, timeoutMs = 30_000): Promise<PolicyPass> {
  const { rows } = await db.query<{ tx: string }>(`SELECT pg_current_xact_id()::text AS tx`);
  const mark = BigInt(rows[0]!.tx);
  const total: PolicyPass = { graded: 0, labTasks: 0, snapshots: 0, timedLabsClosed: 0 };
  for (const started = Date.now(); Date.now() - started < timeoutMs; await sleep(50)) {
    const pass = await applyCoursePolicy(db);
    for (const key of Object.keys(total) as (keyof PolicyPass)[]) total[key] += pass[key];
    const cursor = await db.query<{ tx: string }>(`SELECT tx::text FROM course_policy_cursor WHERE name = 'events'`);
    if (BigInt(cursor.rows[0]!.tx) > mark) return total;
  }
  throw new Error(`course policy did not reach transaction ${mark} within ${timeoutMs / 1000} s`);
}
