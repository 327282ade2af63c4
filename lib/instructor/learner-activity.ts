import "server-only";

/**
 * The one definition of a learner's activity, for "active this week" on the dashboard and "last active" in the
 * learners table: their own submissions (an instructor's re-grade is not the learner's doing), quiz attempts,
 * lessons first viewed or completed, labs asked for or typed in, and lab tasks done. One row per event, at the time
 * it happened.
 *
 * Use as a CTE: `WITH ${LEARNER_ACTIVITY} SELECT ... FROM learner_activity`, columns "userId" and "at". It is used
 * once per query, so PostgreSQL inlines it and pushes a filter on "userId" or "at" down into each branch.
 * Staff are not filtered out here: the caller keeps to learners.
 */
export const LEARNER_ACTIVITY = `learner_activity AS (
  SELECT "userId", "createdAt" AS at FROM submission WHERE "regradeOfId" IS NULL
  UNION ALL
  SELECT "userId", "createdAt" FROM quiz_attempt
  UNION ALL
  SELECT "userId", GREATEST("firstViewedAt", "completedAt") FROM lesson_progress
  UNION ALL
  SELECT "userId", GREATEST("createdAt", "lastInputAt") FROM sandbox_session WHERE kind = 'lab'
  UNION ALL
  SELECT "userId", "doneAt" FROM lab_task_done
)`;
