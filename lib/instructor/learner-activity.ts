import "server-only";

/**
 * The one definition of a learner's activity ("active this week" on the dashboard, "last active" among learners):
 * their own submissions (an instructor's re-grade is not their doing), quiz attempts, lessons first viewed or
 * completed, labs asked for or typed in, and lab tasks done, one row per event at its time. Use as a CTE once per
 * query, so PostgreSQL inlines it and pushes a filter on "userId" or "at" into each branch: `WITH
 * ${LEARNER_ACTIVITY} SELECT ... FROM learner_activity`, columns "userId" and "at". Staff are not left out here: the
 * caller keeps to learners.
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
