import { sql } from "kysely";
import type pg from "pg";
import type PgBoss from "pg-boss";
import { appendEvent, BOSS_SCHEMA, inTransaction, runnerAliveSql, typedSql } from "./core/lib";

/** A job taken back from a dead runner. */
export interface ReclaimedJob {
  submissionId: string;
  runnerId: string;
  queue: string;
  /** False when the job had used its last retry: it goes to the dead-letter queue, which closes it as an error. */
  retried: boolean;
}

/** Sweeps of every runner are serialised, so a job is never handed back twice. */
const SWEEP_LOCK = "dockyard:lease-sweep";

/**
 * Hands the jobs of runners whose lease ran out (see lib/runners/liveness.ts) back to the queue at once, instead
 * of after pg-boss's expiry (JOB_EXPIRE_SECONDS, 15 min). A job qualifies while its submission is `running` on a
 * dead runner and the pg-boss job is still `active` from that runner's claim. It is failed through pg-boss, so the
 * queue's retry policy applies as for any failure: a retry after `retryDelay` on whichever runner claims it first,
 * or the dead-letter queue once the retries are used up. The note goes to the learner's log in the same
 * transaction.
 *
 * A job a dead runner claimed but had not yet marked `running` is not found here (nothing records who claimed it);
 * pg-boss's expiry still covers it.
 */
export async function reclaimExpiredLeases(
  db: pg.Pool,
  boss: PgBoss,
  opts: {
    /**
     * A runner starting under a fixed RUNNER_ID: its own row looks alive again at once, yet every job recorded
     * under that id belongs to its previous life (a crash), since it has claimed nothing yet.
     */
    restartedAs?: string;
  } = {},
): Promise<ReclaimedJob[]> {
  return inTransaction(async (client) => {
    const q = typedSql(client);
    const lock = sql<boolean>`pg_try_advisory_xact_lock(hashtext(${SWEEP_LOCK}))`;
    // Another runner is sweeping right now; the next beat looks again.
    if (!(await q.selectNoFrom(lock.as("locked")).executeTakeFirstOrThrow()).locked) return [];
    // started_on <= startedAt: the job's current claim is the one the dead runner recorded. A runner that has just
    // claimed the retried job, and not yet marked the submission running, claimed it later than that (the
    // millisecond allows for startedAt's precision).
    const rows = await q
      .selectFrom("submission as s")
      .innerJoin("runner_heartbeat as h", "h.id", "s.runnerId")
      .innerJoin(sql.raw(`${BOSS_SCHEMA}.job`).as("j"), (join) => join.on(sql<boolean>`j.id = s."jobId"::uuid`))
      .select((e) => ["s.id as submissionId", e.ref("s.runnerId").$notNull().as("runnerId")])
      .select([sql<string>`j.id::text`.as("jobId"), sql<string>`j.name`.as("queue")])
      .select(sql<boolean>`j.retry_count < j.retry_limit`.as("retried"))
      .where("s.status", "=", "running")
      .where(sql<boolean>`(NOT ${sql.raw(runnerAliveSql("h"))} OR h.id = ${opts.restartedAs ?? null})
        AND j.state = 'active' AND j.started_on <= s."startedAt" + interval '1 millisecond'`)
      .modifyEnd(sql`FOR UPDATE OF j`)
      .execute();
    // pg-boss's own fail, run on this transaction's connection (its `db` option).
    const own = { executeSql: (text: string, values: unknown[]) => client.query(text, values) };
    for (const job of rows) {
      await boss.fail(job.queue, job.jobId, { message: `runner ${job.runnerId} stopped heartbeating` }, { db: own });
      await appendEvent(client, job.submissionId, {
        type: "log",
        data: {
          text:
            `\n[the runner grading this submission (${job.runnerId}) stopped answering; ` +
            (job.retried
              ? "grading restarts on another runner]\n"
              : "it has stopped too often and grading is given up]\n"),
        },
      });
    }
    return rows.map(({ submissionId, runnerId, queue, retried }) => ({ submissionId, runnerId, queue, retried }));
  }, db);
}

/**
 * Whether the runner named by a resource's dockyard.runner label is dead. A runner this database does not know
 * (an engine shared with another installation or a test) is not called dead: its resources are left to the
 * submission rule and the age limit.
 */
export function runnerDead(db: pg.Pool) {
  return async (runnerId: string): Promise<boolean> => {
    const row = await typedSql(db)
      .selectFrom("runner_heartbeat as h")
      .select(sql.raw<boolean>(runnerAliveSql("h")).as("alive"))
      .where("h.id", "=", runnerId)
      .executeTakeFirst();
    return row !== undefined && !row.alive;
  };
}
