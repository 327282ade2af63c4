/**
 * The one definition of "an attempt and its grade" for every instructor view (gradebook, statistics, tables).
 *
 * A learner's submission is an attempt. An instructor's re-grade is a new submission row pointing at that original
 * (`regradeOfId`), so one attempt can have several gradings. The grading that stands for the attempt is its newest
 * finished one (passed or failed); while none has finished, the original row stands, whatever its status. A
 * re-grade that is still waiting therefore never hides a grade, and one that finished replaces an outdated one.
 *
 * Use as a CTE: `WITH ${GRADED_ATTEMPTS} SELECT ... FROM graded_attempt`. Columns: every column of the standing
 * grading row, plus "attemptId" (the original's id) and "submittedAt" (the original's createdAt, i.e. when the
 * learner submitted), and "regraded" (true when a re-grade stands in for the original).
 */
export const GRADED_ATTEMPTS = gradedAttempts();

/**
 * The same CTE restricted to the submission rows `condition` (SQL over the alias `s`, placeholders allowed) lets
 * through, e.g. `s."userId" = $1`: PostgreSQL cannot push a filter down through DISTINCT ON by itself. Filter only on
 * what an original and its re-grades share (learner, exercise), or an attempt loses its re-grades.
 */
export function gradedAttempts(condition = "TRUE"): string {
  return `graded_attempt AS (
  SELECT DISTINCT ON (COALESCE(s."regradeOfId", s.id))
    s.*,
    COALESCE(s."regradeOfId", s.id) AS "attemptId",
    COALESCE(o."createdAt", s."createdAt") AS "submittedAt",
    s."regradeOfId" IS NOT NULL AS "regraded"
  FROM submission s
  LEFT JOIN submission o ON o.id = s."regradeOfId"
  WHERE (${condition}) AND (s."regradeOfId" IS NULL OR s.status IN ('passed', 'failed'))
  ORDER BY COALESCE(s."regradeOfId", s.id), (s.status IN ('passed', 'failed')) DESC, s."createdAt" DESC
)`;
}
