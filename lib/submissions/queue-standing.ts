import "server-only";
import { sql } from "kysely";
import type pg from "pg";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { BOSS_SCHEMA } from "../queue/queues";
import { runnerAliveSql } from "../runners/liveness";
import { getVisibleSubmission } from "./get-submission";

/**
 * Where a queued submission stands, for the page that waits on it: its `position` (1: next), the live graders'
 * `slots`, the median of recent gradings' seconds and when it starts (null: nothing can be said).
 */
export type QueueStanding = NonNullable<Awaited<ReturnType<typeof queueStanding>>>;

/** Finished jobs the typical grading time is taken from: recent enough to be this machine's present pace. */
const RECENT_JOBS = 20;

/**
 * Where the submission stands in the grading queue, in pg-boss's order (priority, then age); undefined once it has
 * left the queue or when it has no job.
 */
export async function queueStanding(db: pg.Pool, submissionId: string) {
  const job = sql.raw(`${BOSS_SCHEMA}.job`);
  const row = await typedSql(db)
    .selectFrom(
      sql`(SELECT j.name, j.priority, j.created_on, j.id FROM ${job} j JOIN submission s ON s."jobId" = j.id::text
           WHERE s.id = ${submissionId} AND s.status = 'queued' AND j.state IN ('created', 'retry'))`.as("mine"),
    )
    .select([
      sql<number>`1 + (SELECT count(*)::int FROM ${job} o WHERE o.name = mine.name AND o.state IN ('created', 'retry')
                   AND (o.priority > mine.priority OR (o.priority = mine.priority
                        AND (o.created_on, o.id) < (mine.created_on, mine.id))))`.as("position"),
      sql<number>`(SELECT count(*)::int FROM ${job} a WHERE a.name = mine.name AND a.state = 'active')`.as("running"),
      sql<number>`(SELECT COALESCE(sum(r.concurrency), 0)::int FROM runner_heartbeat r
                   WHERE r.state = 'running' AND ${sql.raw(runnerAliveSql("r"))} AND 'grade' = ANY(r.hosts)
                     AND mine.name = ANY(r.queues))`.as("slots"),
      sql<number | null>`(SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) FROM (
                   SELECT extract(epoch FROM d.completed_on - d.started_on) AS seconds FROM ${job} d
                   WHERE d.name = mine.name AND d.state = 'completed' AND d.started_on IS NOT NULL
                   ORDER BY d.completed_on DESC LIMIT ${sql.lit(RECENT_JOBS)}) recent)`.as("typical"),
    ])
    .executeTakeFirst();
  if (!row) return undefined;
  const typicalSeconds = row.typical === null ? null : Math.max(1, Math.round(Number(row.typical)));
  return { position: row.position, slots: row.slots, typicalSeconds, startsInSeconds: startsIn(row, typicalSeconds) };
}

/** The gradings ahead pass `slots` at a time, each taking the typical time; a running one is half done. */
function startsIn(row: { position: number; running: number; slots: number }, typical: number | null): number | null {
  if (row.slots === 0 || typical === null) return null;
  const ahead = row.running + row.position - 1;
  if (ahead < row.slots) return 0;
  const waves = Math.floor((ahead - row.slots) / row.slots);
  return Math.round(typical / 2 + waves * typical);
}

/** `GET /api/submissions/:id/queue`: the standing of a submission its viewer may see; null once it left the queue. */
export async function submissionQueueStanding(user: CurrentUser, submissionId: string): Promise<QueueStanding | null> {
  await getVisibleSubmission(user, submissionId);
  return (await queueStanding(pool(), submissionId).catch(noQueueYet)) ?? null;
}

/** pg-boss makes its schema when the platform first queues: before that, nothing stands in any queue. */
function noQueueYet(err: unknown): undefined {
  if ((err as { code?: unknown }).code === "42P01") return undefined;
  throw err;
}
