import "server-only";
import { sql } from "kysely";
import { z } from "zod";
import { loadCourse } from "../content/load-course";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { loadExercise } from "../exercises/load-exercise";
import { exerciseIndex } from "../progress/exercise-progress";
import { gradedAttempts } from "../submissions/graded-attempts";

/**
 * What the statistics count as an attempt: a learner's (staff trying an exercise are not the class) whose standing
 * grading passed or failed. One in the queue has no grade yet, and an `error` is the platform's fault, so neither says
 * anything about the exercise. `learners` (a class's learner ids, or null for every learner) filter the submissions
 * before the standing grade is picked (gradedAttempts' condition, its values bound where it puts it), where PostgreSQL
 * can use the learner index; an original and its re-grades share their learner.
 */
const countedAttempts = (learners: string[] | null) => {
  const inView = sql`${learners}::text[] IS NULL OR s."userId" = ANY(${learners}::text[])`;
  return sql`${sql.join(gradedAttempts("\0").split("\0").map(sql.raw), inView)}, ${sql.raw(COUNTED_ATTEMPT)}`;
};
const COUNTED_ATTEMPT = `counted_attempt AS (
  SELECT g.id, g."attemptId", g."userId", g."exerciseSlug", g.status, g."submittedAt", g.result
    FROM graded_attempt g
    JOIN "user" u ON u.id = g."userId"
   WHERE u.role = 'learner' AND g.status IN ('passed', 'failed')
)`;

/**
 * One row per learner and exercise: their counted attempts, and the attempts it took to pass (up to and including the
 * first that passed, in submission order; null until they pass). It reads no result document: taking one apart costs
 * far more than everything else here.
 */
const PER_LEARNER = `per_learner AS (
  SELECT "exerciseSlug" AS exercise, "userId",
         count(*)::int AS attempts,
         min(n) FILTER (WHERE status = 'passed')::int AS "toPass"
    FROM (SELECT "exerciseSlug", "userId", status,
                 row_number() OVER (PARTITION BY "exerciseSlug", "userId" ORDER BY "submittedAt", "attemptId") AS n
            FROM counted_attempt) numbered
   GROUP BY "exerciseSlug", "userId"
)`;

const perLearner = (learners: string[] | null) =>
  sql`(WITH ${countedAttempts(learners)}, ${sql.raw(PER_LEARNER)} SELECT * FROM per_learner)`.as("p");

export type ExerciseSummary = Awaited<ReturnType<typeof exerciseOverview>>[number];

/**
 * Per exercise: the `learners` with a counted attempt, those who `passed` (`passRate`, undefined when nobody attempted
 * it), their counted `attempts`, and the median over those who passed of their attempts to pass (undefined if none).
 */
async function exerciseNumbers(learners: string[] | null, exercise?: string) {
  const rows = await typedSql(pool())
    .selectFrom(perLearner(learners))
    .select([sql<string>`exercise`.as("exercise"), sql<number>`count(*)::int`.as("learners")])
    .select([sql<number>`count("toPass")::int`.as("passed"), sql<number>`sum(attempts)::int`.as("attempts")])
    .select(sql<number | null>`percentile_cont(0.5) WITHIN GROUP (ORDER BY "toPass")`.as("median"))
    .where(sql<boolean>`(${exercise ?? null}::text IS NULL OR exercise = ${exercise ?? null})`)
    .groupBy(sql`exercise`)
    .execute();
  const byExercise = new Map(rows.map((r) => [r.exercise, r]));
  return (slug: string) => {
    const none = { learners: 0, passed: 0, attempts: 0, median: null };
    const { learners, passed, attempts, median } = byExercise.get(slug) ?? none;
    const passRate = learners > 0 ? passed / learners : undefined;
    return { learners, passed, passRate, attempts, medianAttemptsToPass: median ?? undefined };
  };
}

/** Every exercise in course order with its numbers (zeros if unattempted), over `learners` (null: every learner). */
export async function exerciseOverview(learners: string[] | null) {
  const [exercises, numbers] = await Promise.all([exerciseIndex(), exerciseNumbers(learners)]);
  return exercises.map(({ slug, title }) => ({ slug, title, ...numbers(slug) }));
}

export type CheckFailure = Awaited<ReturnType<typeof exerciseStats>>["checkFailures"][number];

const count = z.number().int();
const text = z.string().nullable();
const documentsRowSchema = z.object({
  scores: z.array(z.object({ key: count, learners: count })),
  checks: z.array(z.object({ id: z.string(), title: text, lesson: text, attempts: count, learners: count })),
});

/**
 * The statistics of one exercise over `learners` (null: every learner); NOT_FOUND for one the course lacks. Beside its
 * summary: the checks that failed in a counted attempt, most failed first (in how many attempts, their share of the
 * counted ones, by how many learners, and the lesson that teaches the check when the result names one the course
 * has); how many learners passed after exactly n attempts, n from 1 to the largest seen; and learners by best score
 * in 11 buckets: 0..9 hold 0–9 %, ..., 90–99 %, 10 full marks.
 */
export async function exerciseStats(slug: string, learners: string[] | null) {
  const exercise = await loadExercise(slug);
  const [course, numbers, toPass, documents] = await Promise.all([
    loadCourse(),
    exerciseNumbers(learners, exercise.slug),
    typedSql(pool())
      .selectFrom(perLearner(learners))
      .select([sql<number>`"toPass"`.as("key"), sql<number>`count(*)::int`.as("learners")])
      .where(sql<boolean>`exercise = ${exercise.slug} AND "toPass" IS NOT NULL`)
      .groupBy(sql`"toPass"`)
      .execute(),
    fromResultDocuments(learners, exercise.slug),
  ]);
  const summary = numbers(exercise.slug);
  const lessons = new Map(course.lessons.map((l) => [l.slug, l.title]));
  const toPassCounts = new Map(toPass.map((r) => [r.key, r.learners]));
  const scoreCounts = new Map(documents.scores.map((r) => [r.key, r.learners]));
  const mostAttempts = Math.max(0, ...toPassCounts.keys());
  return {
    slug: exercise.slug,
    title: exercise.spec.title,
    ...summary,
    checkFailures: documents.checks.map(({ title, lesson, ...c }) => {
      const lessonTitle = lesson ? lessons.get(lesson) : undefined;
      return {
        ...c,
        title: title ?? c.id,
        ...(lesson && lessonTitle ? { lesson: { slug: lesson, title: lessonTitle } } : {}),
        share: summary.attempts > 0 ? c.attempts / summary.attempts : 0,
      };
    }),
    attemptsToPass: Array.from({ length: mostAttempts }, (_, i) => ({
      attempts: i + 1,
      learners: toPassCounts.get(i + 1) ?? 0,
    })),
    bestScores: Array.from({ length: 11 }, (_, bucket) => ({ bucket, learners: scoreCounts.get(bucket) ?? 0 })),
  };
}

/**
 * What the exercise's result documents say: learners by best score, and per check the counted attempts (and
 * learners) in which it failed, with its title and lesson from one such result. Each document is taken apart once:
 * every jsonb operator on a stored (compressed, out-of-line) document would decompress it again, so the LATERAL
 * subquery decompresses it into `r` (`#> '{}'` is the whole document) and only the score and the failing ids go on.
 */
async function fromResultDocuments(learners: string[] | null, exercise: string) {
  // The JSON the statement builds is checked: its titles and lessons are what result documents say.
  const documents = sql`(WITH ${countedAttempts(learners)},
     doc AS MATERIALIZED (
       SELECT a.id, a."userId", (d.r->>'score')::float8 AS score,
              jsonb_path_query_array(d.r, '$.checks[*] ? (@.status == "fail").id') AS failing
         FROM counted_attempt a
        CROSS JOIN LATERAL (SELECT a.result #> '{}' AS r OFFSET 0) d
        WHERE a."exerciseSlug" = ${exercise}
     ),
     failure AS (
       SELECT f.id AS "check", d.id AS row_id, d."userId"
         FROM doc d CROSS JOIN LATERAL jsonb_array_elements_text(d.failing) f(id)
     ),
     per_check AS (
       SELECT "check" AS id, count(DISTINCT row_id)::int AS attempts, count(DISTINCT "userId")::int AS learners,
              min(row_id) AS example
         FROM failure GROUP BY "check"
     )
     SELECT
       (SELECT COALESCE(json_agg(b), '[]')
          FROM (SELECT LEAST(floor(best * 10), 10)::int AS key, count(*)::int AS learners
                  FROM (SELECT max(score) AS best FROM doc GROUP BY "userId") l
                 WHERE best IS NOT NULL GROUP BY 1) b) AS scores,
       (SELECT COALESCE(json_agg(c ORDER BY c.attempts DESC, c.id), '[]')
          FROM (SELECT p.id, p.attempts, p.learners, spec->>'title' AS title, spec->>'lesson' AS lesson
                  FROM per_check p
                  LEFT JOIN LATERAL (
                    SELECT jsonb_path_query_first(s.result, '$.checks[*] ? (@.id == $id)',
                                                  jsonb_build_object('id', p.id))
                      FROM submission s WHERE s.id = p.example) e(spec) ON true) c) AS checks)`;
  const row = await typedSql(pool())
    .selectFrom(documents.as("d"))
    .select([sql<unknown>`d.scores`.as("scores"), sql<unknown>`d.checks`.as("checks")])
    .executeTakeFirst();
  return documentsRowSchema.parse(row);
}
