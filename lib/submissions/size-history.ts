import { sql } from "kysely";
import type pg from "pg";
import { typedSql } from "../db/typed-sql";
import { isDatabaseUnavailable } from "../db/unavailable";
import { parseDockerfile } from "../dockerfile/model";
import type { ExerciseSpec } from "../exercises/exercise-schema";
import type { SubmittedFile } from "../file-sets/validate-files";
import type { ResultDocument } from "../grading/result-schema";
import { compareSizes, type SizedAttempt } from "../grading/size-comparison";

/** FROM instructions in a Dockerfile: 1 is a single-stage build. */
const stagesOf = (dockerfile: string | null | undefined) => parseDockerfile(dockerfile ?? "").stages.length;

/**
 * The measured images of the learner's own attempts at the exercise before `submissionId` (a re-grade counts from
 * the attempt it grades again), numbered as their history numbers them. Only the submission's own learner: the
 * learner and exercise are read from its row, never taken from the caller. An attempt counts as graded when the
 * learner saw it passed or failed; instructors' re-grades are not part of the learner's history.
 */
export async function earlierImageSizes(db: pg.Pool, submissionId: string): Promise<SizedAttempt[]> {
  const path = sql.raw(`'$[*] ? (@.path == "Dockerfile").content'`);
  const dockerfile = sql<string | null>`jsonb_path_query_first(a.files, ${path}) #>> '{}'`;
  const rows = await typedSql(db)
    .with("me", (q) =>
      q
        .selectFrom("submission as s")
        .leftJoin("submission as o", "o.id", "s.regradeOfId")
        .select((eb) => [eb.fn.coalesce("o.id", "s.id").as("id"), "s.exerciseSlug"])
        .select((eb) => eb.fn.coalesce("o.createdAt", "s.createdAt").as("at"))
        .select((eb) => eb.fn.coalesce("o.userId", "s.userId").as("userId"))
        .where("s.id", "=", submissionId),
    )
    .with("original", (q) =>
      q
        .selectFrom("submission as s")
        .innerJoin("me", (j) => j.onRef("s.userId", "=", "me.userId").onRef("s.exerciseSlug", "=", "me.exerciseSlug"))
        .selectAll("s")
        .select(sql<number>`(row_number() OVER (ORDER BY s."createdAt", s.id))::int`.as("attempt"))
        .where("s.regradeOfId", "is", null),
    )
    .selectFrom(["original as a", "me"])
    .select(["a.id as submissionId", "a.attempt", dockerfile.as("dockerfile")])
    .select(sql<string>`(a.result->'image'->>'sizeBytes')::numeric`.as("sizeBytes"))
    .where(sql<boolean>`(a."createdAt", a.id) < (me.at, me.id)`)
    .where("a.status", "in", ["passed", "failed"])
    .where(sql<boolean>`jsonb_typeof(a.result->'image'->'sizeBytes') = 'number'`)
    .orderBy("a.attempt")
    .execute();
  // numeric arrives as text; a size is a whole number of bytes (the result's schema says so).
  return rows.map(({ dockerfile, sizeBytes, ...row }) => ({
    ...row,
    sizeBytes: Number(sizeBytes),
    stages: stagesOf(dockerfile),
  }));
}

/**
 * The result with its size comparison added, when the exercise asks for one and the image was built: the runner
 * calls this before it stores the result, so the report and the learner's live stream carry it.
 */
export async function withSizeComparison(
  db: pg.Pool,
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
