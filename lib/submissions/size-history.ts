import type pg from "pg";
import { z } from "zod";
import { isDatabaseUnavailable } from "../db/unavailable";
import { parseDockerfile } from "../dockerfile/model";
import type { ExerciseSpec } from "../exercises/exercise-schema";
import type { SubmittedFile } from "../file-sets/validate-files";
import type { ResultDocument } from "../grading/result-schema";
import { compareSizes, type SizedAttempt } from "../grading/size-comparison";

/** FROM instructions in a Dockerfile: 1 is a single-stage build. */
const stagesOf = (dockerfile: string | null | undefined) => parseDockerfile(dockerfile ?? "").stages.length;

const rowSchema = z.object({
  submissionId: z.string(),
  attempt: z.number().int().min(1),
  sizeBytes: z.coerce.number().int().min(0),
  dockerfile: z.string().nullable(),
});

/**
 * The measured images of the learner's own attempts at the exercise before `submissionId` (a re-grade counts from
 * the attempt it grades again), numbered as their history numbers them. Only the submission's own learner: the
 * learner and exercise are read from its row, never taken from the caller. An attempt counts as graded when the
 * learner saw it passed or failed; instructors' re-grades are not part of the learner's history.
 */
export async function earlierImageSizes(db: Pick<pg.Pool, "query">, submissionId: string): Promise<SizedAttempt[]> {
  const { rows } = await db.query(
    `WITH me AS (
       SELECT COALESCE(o.id, s.id) AS id, COALESCE(o."createdAt", s."createdAt") AS at,
              COALESCE(o."userId", s."userId") AS "userId", s."exerciseSlug"
         FROM submission s LEFT JOIN submission o ON o.id = s."regradeOfId"
        WHERE s.id = $1
     ), original AS (
       SELECT s.*, (row_number() OVER (ORDER BY s."createdAt", s.id))::int AS attempt
         FROM submission s JOIN me ON s."userId" = me."userId" AND s."exerciseSlug" = me."exerciseSlug"
        WHERE s."regradeOfId" IS NULL
     )
     SELECT a.id AS "submissionId", a.attempt, (a.result->'image'->>'sizeBytes')::numeric AS "sizeBytes",
            jsonb_path_query_first(a.files, '$[*] ? (@.path == "Dockerfile").content') #>> '{}' AS dockerfile
       FROM original a, me
      WHERE (a."createdAt", a.id) < (me.at, me.id)
        AND a.status IN ('passed', 'failed')
        AND jsonb_typeof(a.result->'image'->'sizeBytes') = 'number'
      ORDER BY a.attempt`,
    [submissionId],
  );
  return z
    .array(rowSchema)
    .parse(rows)
    .map(({ dockerfile, ...row }) => ({ ...row, stages: stagesOf(dockerfile) }));
}

/**
 * The result with its size comparison added, when the exercise asks for one and the image was built: the runner
 * calls this before it stores the result, so the report and the learner's live stream carry it.
 */
export async function withSizeComparison(
  db: Pick<pg.Pool, "query">,
  graded: { spec: ExerciseSpec; submission: { id: string; files: readonly SubmittedFile[] }; result: ResultDocument },
): Promise<ResultDocument> {
  const { spec, submission, result } = graded;
  if (!spec.checks.size?.compareWithSingleStage || !result.image) return result;
  const dockerfile = submission.files.find((f) => f.path === "Dockerfile")?.content;
  try {
    const earlier = await earlierImageSizes(db, submission.id);
    return { ...result, sizeComparison: compareSizes({ stages: stagesOf(dockerfile) }, earlier) };
  } catch (err) {
    // The caller waits out a database outage; anything else costs the report its comparison, never the grade.
    if (isDatabaseUnavailable(err)) throw err;
    console.error(`[size-history] no size comparison for ${submission.id}:`, err);
    return result;
  }
}
