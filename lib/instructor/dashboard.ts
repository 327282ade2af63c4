import "server-only";
import { z } from "zod";
import { pool } from "../db/pool";
import type { WarmUp } from "../platform/warm-up";
import { readWarmUp } from "../platform/warm-up-store";
import { BOSS_SCHEMA, QUEUES } from "../queue/queues";
import { runnerAliveSql } from "../runners/liveness";
import { gradedAttempts } from "../submissions/graded-attempts";
import { type ExerciseSummary, exerciseOverview } from "./exercise-stats";
import { LEARNER_ACTIVITY } from "./learner-activity";

/** PostgreSQL's undefined_table: pg-boss creates its schema the first time a process starts it. */
const UNDEFINED_TABLE = "42P01";

export const ACTIVE_DAYS = 7;
export const SUBMISSION_DAYS = 14;
export const ERROR_HOURS = 24;

/**
 * Timestamps written by Prisma are UTC without a zone; comparisons use the database's clock read in UTC, so the
 * numbers do not depend on the zone of the server or the session.
 */
const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;
const WEEK_AGO = `${NOW_UTC} - make_interval(days => ${ACTIVE_DAYS})`;

export interface QueueLine {
  queue: string;
  /** Jobs created or waiting for a retry. */
  waiting: number;
  /** Jobs a runner holds. */
  running: number;
}

export interface QueueState {
  /** False until pg-boss has created its schema (nothing was ever queued on this database). */
  available: boolean;
  waiting: number;
  running: number;
  /**
   * Grading jobs that failed every retry: each one lands in the dead-letter queue, whose worker closes its submission
   * as `error`. pg-boss keeps them in its job table for 12 hours before archiving them.
   */
  failed: number;
  queues: QueueLine[];
}

const runnerRowSchema = z.object({
  id: z.string(),
  hostname: z.string(),
  state: z.string(),
  concurrency: z.number().int(),
  gpus: z.number().int(),
  activeJobs: z.number().int(),
  /** The hosts it runs (RUNNER_HOSTS: grade, shell, lab). */
  hosts: z.array(z.string()),
  /** Shells its machine can hold (0: it serves none) and the shells it serves now. */
  shellCapacity: z.number().int(),
  activeShells: z.number().int(),
  /** The same for labs. */
  labCapacity: z.number().int(),
  activeLabs: z.number().int(),
  lastSeenAt: z.date(),
});
export type RunnerLine = z.infer<typeof runnerRowSchema>;

export interface Dashboard {
  /** Learners with any activity (learner-activity.ts) in the last 7 days. */
  activeLearners: number;
  /** Lessons completed by learners, all time and in the last 7 days. */
  lessonsCompleted: { total: number; thisWeek: number };
  /** Attempts submitted per UTC day, the last 14 days oldest first, days without any included. */
  submissionsPerDay: { day: string; submissions: number }[];
  /** Every exercise with its pass rate and attempts. */
  exercises: ExerciseSummary[];
  queue: QueueState;
  /** Learners' submissions (re-grades included) that ended in `error` in the last 24 hours. */
  errorsLast24h: number;
  /** Runners that beat within the liveness window and are not stopped. */
  runners: RunnerLine[];
  /** What `npm start` is still preparing (images, lab host): the runner starts once the images are ready. */
  warmUp: WarmUp;
}

/**
 * The learners a count counts, always $1 of its query: a class's learner ids (lib/access/staff-scope.ts), or null
 * for every learner.
 */
const inView = (column: string) => `($1::text[] IS NULL OR ${column} = ANY($1::text[]))`;

/**
 * Everything the instructor dashboard shows, the learners' numbers over `learners` (null: every learner); the queue
 * and the runners are the platform's, the same for every class. The queries are independent and run side by side.
 */
export async function dashboard(learners: string[] | null): Promise<Dashboard> {
  const [activeLearners, lessonsCompleted, submissionsPerDay, exercises, queue, errorsLast24h, runners, warmUp] =
    await Promise.all([
      countActiveLearners(learners),
      countLessonsCompleted(learners),
      countSubmissionsPerDay(learners),
      exerciseOverview(learners),
      queueState(),
      countErrors(learners),
      aliveRunners(),
      readWarmUp(pool()),
    ]);
  return { activeLearners, lessonsCompleted, submissionsPerDay, exercises, queue, errorsLast24h, runners, warmUp };
}

const countSchema = z.object({ n: z.number().int() });

async function countActiveLearners(learners: string[] | null): Promise<number> {
  const { rows } = await pool().query(
    `WITH ${LEARNER_ACTIVITY}
     SELECT count(DISTINCT a."userId")::int AS n
       FROM learner_activity a
       JOIN "user" u ON u.id = a."userId"
      WHERE u.role = 'learner' AND a.at > ${WEEK_AGO} AND ${inView(`a."userId"`)}`,
    [learners],
  );
  return countSchema.parse(rows[0]).n;
}

async function countLessonsCompleted(learners: string[] | null): Promise<Dashboard["lessonsCompleted"]> {
  const { rows } = await pool().query(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE lp."completedAt" > ${WEEK_AGO})::int AS "thisWeek"
       FROM lesson_progress lp
       JOIN "user" u ON u.id = lp."userId"
      WHERE u.role = 'learner' AND lp."completedAt" IS NOT NULL AND ${inView(`lp."userId"`)}`,
    [learners],
  );
  return z.object({ total: z.number().int(), thisWeek: z.number().int() }).parse(rows[0]);
}

async function countSubmissionsPerDay(learners: string[] | null): Promise<Dashboard["submissionsPerDay"]> {
  const { rows } = await pool().query(
    `WITH ${gradedAttempts(inView(`s."userId"`))},
     day AS (
       SELECT generate_series(date_trunc('day', ${NOW_UTC}) - make_interval(days => ${SUBMISSION_DAYS - 1}),
                              date_trunc('day', ${NOW_UTC}), interval '1 day') AS day
     ),
     per_day AS (
       SELECT date_trunc('day', g."submittedAt") AS day, count(*)::int AS n
         FROM graded_attempt g
         JOIN "user" u ON u.id = g."userId"
        WHERE u.role = 'learner'
          AND g."submittedAt" >= date_trunc('day', ${NOW_UTC}) - make_interval(days => ${SUBMISSION_DAYS - 1})
        GROUP BY 1
     )
     SELECT to_char(d.day, 'YYYY-MM-DD') AS day, COALESCE(p.n, 0)::int AS submissions
       FROM day d LEFT JOIN per_day p ON p.day = d.day
      ORDER BY d.day`,
    [learners],
  );
  return z.array(z.object({ day: z.string(), submissions: z.number().int() })).parse(rows);
}

async function countErrors(learners: string[] | null): Promise<number> {
  const { rows } = await pool().query(
    `SELECT count(*)::int AS n
       FROM submission s
       JOIN "user" u ON u.id = s."userId"
      WHERE u.role = 'learner' AND s.status = 'error' AND ${inView(`s."userId"`)}
        AND s."createdAt" > ${NOW_UTC} - make_interval(hours => ${ERROR_HOURS})`,
    [learners],
  );
  return countSchema.parse(rows[0]).n;
}

const queueRowSchema = z.object({
  queue: z.string(),
  waiting: z.number().int(),
  running: z.number().int(),
  jobs: z.number().int(),
});

async function queueState(): Promise<QueueState> {
  const grading = [QUEUES.cpu, QUEUES.gpu];
  let rows: unknown[];
  try {
    ({ rows } = await pool().query(
      `SELECT name AS queue,
              count(*) FILTER (WHERE state IN ('created', 'retry'))::int AS waiting,
              count(*) FILTER (WHERE state = 'active')::int AS running,
              count(*)::int AS jobs
         FROM ${BOSS_SCHEMA}.job
        WHERE name = ANY($1::text[])
        GROUP BY name`,
      [[...grading, QUEUES.dead]],
    ));
  } catch (err) {
    // No pg-boss schema yet means nothing was ever queued: an empty queue, not a fault.
    if ((err as { code?: unknown }).code !== UNDEFINED_TABLE) throw err;
    return { available: false, waiting: 0, running: 0, failed: 0, queues: grading.map(emptyLine) };
  }
  const byQueue = new Map(
    z
      .array(queueRowSchema)
      .parse(rows)
      .map((r) => [r.queue, r]),
  );
  const queues = grading.map((queue) => {
    const row = byQueue.get(queue);
    return row ? { queue, waiting: row.waiting, running: row.running } : emptyLine(queue);
  });
  return {
    available: true,
    waiting: queues.reduce((sum, q) => sum + q.waiting, 0),
    running: queues.reduce((sum, q) => sum + q.running, 0),
    failed: byQueue.get(QUEUES.dead)?.jobs ?? 0,
    queues,
  };
}

const emptyLine = (queue: string): QueueLine => ({ queue, waiting: 0, running: 0 });

async function aliveRunners(): Promise<RunnerLine[]> {
  // The runner writes "lastSeenAt" with the database's now(), in the session's zone, so it is compared and read back
  // in that zone, as the liveness rule does.
  const { rows } = await pool().query(
    `SELECT id, hostname, state, concurrency, gpus, "activeJobs", COALESCE(hosts, '{}') AS hosts, "shellCapacity",
            "activeShells", "labCapacity", "activeLabs",
            "lastSeenAt"::timestamptz AS "lastSeenAt"
       FROM runner_heartbeat h
      WHERE ${runnerAliveSql("h")}
      ORDER BY hostname, id`,
  );
  return z.array(runnerRowSchema).parse(rows);
}
