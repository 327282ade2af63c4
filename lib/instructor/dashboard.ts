import "server-only";
import { sql } from "kysely";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { readWarmUp } from "../platform/warm-up-store";
import { BOSS_SCHEMA, QUEUES } from "../queue/queues";
import { runnerAliveSql } from "../runners/liveness";
import { gradedAttempts } from "../submissions/graded-attempts";
import { exerciseOverview } from "./exercise-stats";
import { LEARNER_ACTIVITY } from "./learner-activity";

export const ACTIVE_DAYS = 7;
export const SUBMISSION_DAYS = 14;
export const ERROR_HOURS = 24;

// Stored times are UTC without a zone: compared with the database's clock read in UTC, whatever the session's zone.
const NOW_UTC = sql`(now() AT TIME ZONE 'UTC')`;
const WEEK_AGO = sql`${NOW_UTC} - make_interval(days => ${sql.lit(ACTIVE_DAYS)})`;

export type QueueState = Awaited<ReturnType<typeof queueState>>;

export type RunnerLine = Awaited<ReturnType<typeof aliveRunners>>[number];

/** The learners a count counts: a class's learner ids (lib/access/staff-scope.ts), or null for every learner. */
const inView = (learners: string[] | null, column: string) =>
  sql<boolean>`(${learners}::text[] IS NULL OR ${sql.ref(column)} = ANY(${learners}::text[]))`;

/**
 * Everything the instructor dashboard shows, the learners' numbers over `learners` (null: every learner); the queue
 * and the runners are the platform's, the same for every class. The queries are independent and run side by side.
 */
export async function dashboard(learners: string[] | null) {
  // warmUp: what `npm start` is still preparing (images, lab host); the runner starts once the images are ready.
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

/** Learners with any activity (learner-activity.ts) in the last 7 days. */
async function countActiveLearners(learners: string[] | null): Promise<number> {
  const active = sql<number>`(WITH ${sql.raw(LEARNER_ACTIVITY)}
     SELECT count(DISTINCT a."userId")::int
       FROM learner_activity a
       JOIN "user" u ON u.id = a."userId"
      WHERE u.role = 'learner' AND a.at > ${WEEK_AGO} AND ${inView(learners, "a.userId")})`;
  return (await typedSql(pool()).selectNoFrom(active.as("n")).executeTakeFirstOrThrow()).n;
}

/** Lessons completed by learners, all time and in the last 7 days. */
function countLessonsCompleted(learners: string[] | null) {
  return typedSql(pool())
    .selectFrom("lesson_progress as lp")
    .innerJoin("user as u", "u.id", "lp.userId")
    .select(sql<number>`count(*)::int`.as("total"))
    .select(sql<number>`count(*) FILTER (WHERE lp."completedAt" > ${WEEK_AGO})::int`.as("thisWeek"))
    .where("u.role", "=", "learner")
    .where("lp.completedAt", "is not", null)
    .where(inView(learners, "lp.userId"))
    .executeTakeFirstOrThrow();
}

/** Attempts submitted per UTC day, the last 14 days oldest first, days without any included. */
function countSubmissionsPerDay(learners: string[] | null) {
  // gradedAttempts' condition, its values bound where it puts it.
  const cte = sql.join(gradedAttempts("\0").split("\0").map(sql.raw), inView(learners, "s.userId"));
  const first = sql`date_trunc('day', ${NOW_UTC}) - make_interval(days => ${sql.lit(SUBMISSION_DAYS - 1)})`;
  const days = sql`(WITH ${cte},
     day AS (SELECT generate_series(${first}, date_trunc('day', ${NOW_UTC}), interval '1 day') AS day),
     per_day AS (
       SELECT date_trunc('day', g."submittedAt") AS day, count(*)::int AS n
         FROM graded_attempt g
         JOIN "user" u ON u.id = g."userId"
        WHERE u.role = 'learner'
          AND g."submittedAt" >= ${first}
        GROUP BY 1
     )
     SELECT d.day AS at, to_char(d.day, 'YYYY-MM-DD') AS day, COALESCE(p.n, 0)::int AS submissions
       FROM day d LEFT JOIN per_day p ON p.day = d.day)`;
  return typedSql(pool())
    .selectFrom(days.as("x"))
    .select([sql<string>`x.day`.as("day"), sql<number>`x.submissions`.as("submissions")])
    .orderBy(sql`x.at`)
    .execute();
}

/** Learners' submissions (re-grades included) that ended in `error` in the last 24 hours. */
async function countErrors(learners: string[] | null): Promise<number> {
  const { n } = await typedSql(pool())
    .selectFrom("submission as s")
    .innerJoin("user as u", "u.id", "s.userId")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("u.role", "=", "learner")
    .where("s.status", "=", "error")
    .where(inView(learners, "s.userId"))
    .where(sql<boolean>`s."createdAt" > ${NOW_UTC} - make_interval(hours => ${sql.lit(ERROR_HOURS)})`)
    .executeTakeFirstOrThrow();
  return n;
}

/**
 * Per grading queue, jobs waiting (created, or waiting for a retry) and running (a runner holds them), and in all.
 * `failed`: grading jobs that failed every retry; each lands in the dead-letter queue, whose worker closes its
 * submission as `error`, and pg-boss keeps them in its job table for 12 hours before archiving them. `available` is
 * false until pg-boss has created its schema (nothing was ever queued on this database).
 */
async function queueState() {
  const grading = [QUEUES.cpu, QUEUES.gpu];
  const count = (filter: string) => sql<number>`count(*) FILTER (WHERE ${sql.raw(filter)})::int`;
  const rows = await typedSql(pool())
    .selectFrom(sql`${sql.id(BOSS_SCHEMA, "job")}`.as("j"))
    .select([sql<string>`name`.as("queue"), count("state IN ('created', 'retry')").as("waiting")])
    .select([count("state = 'active'").as("running"), sql<number>`count(*)::int`.as("jobs")])
    .where(sql<boolean>`name = ANY(${[...grading, QUEUES.dead]}::text[])`)
    .groupBy(sql`name`)
    .execute()
    .catch((err: { code?: unknown }) => {
      // undefined_table: pg-boss creates its schema when a process first starts it, so nothing was ever queued.
      if (err.code !== "42P01") throw err;
      return null;
    });
  const byQueue = new Map((rows ?? []).map((r) => [r.queue, r]));
  const queues = grading.map((queue) => {
    const row = byQueue.get(queue);
    return { queue, waiting: row?.waiting ?? 0, running: row?.running ?? 0 };
  });
  return {
    available: rows !== null,
    waiting: queues.reduce((sum, q) => sum + q.waiting, 0),
    running: queues.reduce((sum, q) => sum + q.running, 0),
    failed: byQueue.get(QUEUES.dead)?.jobs ?? 0,
    queues,
  };
}

/** Runners that beat within the liveness window and are not stopped. */
function aliveRunners() {
  // The runner writes "lastSeenAt" with the database's now(), in the session's zone, so it is compared and read back
  // in that zone, as the liveness rule does.
  return (
    typedSql(pool())
      .selectFrom("runner_heartbeat as h")
      .select(["id", "hostname", "state", "concurrency", "gpus", "activeJobs"])
      // The hosts it runs (RUNNER_HOSTS: grade, shell, lab).
      .select(sql<string[]>`COALESCE(hosts, '{}')`.as("hosts"))
      // Shells its machine can hold (0: it serves none) and the shells it serves now; the same for labs.
      .select(["shellCapacity", "activeShells", "labCapacity", "activeLabs"])
      .select(sql<Date>`"lastSeenAt"::timestamptz`.as("lastSeenAt"))
      .where(sql.raw<boolean>(runnerAliveSql("h")))
      .orderBy("hostname")
      .orderBy("id")
      .execute()
  );
}
