import "server-only";
import { sql } from "kysely";
import { z } from "zod";
import { slugSchema } from "../content/schemas";
import { prisma } from "../db/client";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { loadDraft, type SavedDraft, saveDraft } from "../drafts/drafts";
import { RequestError } from "../errors/request-error";
import { type Exercise, editableFiles, loadExercise } from "../exercises/load-exercise";
import { diffFileSets } from "../file-sets/file-diff";
import { type SubmittedFile, submittedFileSchema } from "../file-sets/validate-files";
import { type ResultDocument, resultDocumentSchema } from "../grading/result-schema";
import { assertMayAct } from "../learner-access/learner-access";
import { earlierFeedbackClosedBefore } from "../timed/timed-windows";
import { latestSubmission } from "./get-submission";
import type { SubmissionStatus } from "./lifecycle";

/** How the learner's pages name an attempt: an instructor's re-grade carries the number of the attempt it grades. */
export function attemptName(attempt: { number: number; regradeOf?: string; gpuFollowUp?: true }): string {
  if (attempt.gpuFollowUp) return `GPU grading of attempt ${attempt.number}`;
  return attempt.regradeOf ? `Re-grade of attempt ${attempt.number}` : `Attempt ${attempt.number}`;
}

/** Submission ids are cuids; anything else cannot name one. */
export const attemptIdSchema = z.string().regex(/^[a-z0-9]{1,64}$/, "is not a submission id");

/** The route parameters that name one attempt. */
export const attemptParamsSchema = z.object({ slug: slugSchema, id: attemptIdSchema });

/** One side of a comparison: the learner's current work, the exercise's starter files, or one of their attempts. */
export const compareSideSchema = z.union([z.literal("draft"), z.literal("starter"), attemptIdSchema]);
export type CompareSide = z.infer<typeof compareSideSchema>;

export interface AttemptSummary {
  id: string;
  /** 1 for the learner's first attempt, whatever its outcome; a re-grade carries the number of the one it grades. */
  number: number;
  /** Set on an instructor's re-grade: the id of the learner's original attempt it grades again. */
  regradeOf?: string;
  /** A GPU follow-up (grading-plan.ts): the attempt graded again on a GPU runner; `regradeOf` is its attempt. */
  gpuFollowUp?: true;
  createdAt: Date;
  status: SubmissionStatus;
  /** 0–1, once graded; an attempt that ended in "error" has none. */
  score?: number;
}

export interface Attempt extends AttemptSummary {
  files: SubmittedFile[];
  result?: ResultDocument;
  /** The stored result exists but no longer reads as a result document; the files are still shown. */
  resultUnreadable?: true;
  errorMessage?: string;
}

/** A score read out of a result document (JSON): 0–1. */
const scoreSchema = z.number().min(0).max(1);

/** The learner's own attempts at an exercise, newest first (the newest `limit`), numbered from the first. */
export async function listAttempts(userId: string, exerciseSlug: string, limit = 500): Promise<AttemptSummary[]> {
  const exercise = await loadExercise(exerciseSlug);
  // While a timed assessment of it runs, only the attempts made inside the window are listed.
  const closedBefore = await earlierFeedbackClosedBefore(userId, { kind: "exercise", itemSlug: exercise.slug });
  // Reads only the score out of each result document: a long history must not load every report.
  const score = sql<number | null>`CASE WHEN jsonb_typeof(s.result->'score') = 'number'
    THEN (s.result->>'score')::float8 END`.as("score");
  const rows = await typedSql(pool())
    .with("original", (db) =>
      db
        .selectFrom("submission")
        .select(["id", sql<number>`(row_number() OVER (ORDER BY "createdAt", id))::int`.as("number")])
        .where((w) => w.and({ userId, exerciseSlug: exercise.slug, regradeOfId: null })),
    )
    .selectFrom("submission as s")
    .innerJoin("original as o", (j) => j.on(sql<boolean>`o.id = COALESCE(s."regradeOfId", s.id)`))
    .select(["s.id", "s.createdAt", "s.status", "s.regradeOfId as regradeOf", "s.gpuFollowUp", "o.number", score])
    .where((w) => w.and({ "s.userId": userId, "s.exerciseSlug": exercise.slug }))
    .orderBy("s.createdAt", "desc")
    .orderBy("s.id", "desc")
    .limit(limit)
    .execute();
  return rows
    .filter((row) => !closedBefore || row.createdAt >= closedBefore)
    .map(({ score, regradeOf, gpuFollowUp, ...row }) => ({
      ...row,
      ...(score === null ? {} : { score: scoreSchema.parse(score) }),
      ...(regradeOf === null ? {} : { regradeOf }),
      ...(gpuFollowUp ? { gpuFollowUp } : {}),
    }));
}

/** One of the learner's own attempts at this exercise, with its files and report; anyone else's is NOT_FOUND. */
export async function loadAttempt(userId: string, exerciseSlug: string, id: string): Promise<Attempt> {
  const row = attemptIdSchema.safeParse(id).success ? await prisma().submission.findUnique({ where: { id } }) : null;
  // The same answer for someone else's attempt as for none, so ids cannot be probed.
  if (!row || row.userId !== userId || row.exerciseSlug !== exerciseSlug)
    throw new RequestError("NOT_FOUND", "There is no such attempt at this exercise, or it is not yours.");
  // A re-grade takes the number of the learner's attempt it grades again.
  const select = { id: true, createdAt: true };
  const original = row.regradeOfId
    ? await prisma().submission.findUniqueOrThrow({ where: { id: row.regradeOfId }, select })
    : row;
  // Closed while a timed assessment of the exercise runs, if made before its window.
  await assertMayAct(userId, { kind: "exercise", itemSlug: exerciseSlug }, "see-attempt", {
    attemptAt: original.createdAt,
  });
  const earlier = await prisma().submission.count({
    where: {
      userId,
      exerciseSlug,
      regradeOfId: null,
      OR: [{ createdAt: { lt: original.createdAt } }, { createdAt: original.createdAt, id: { lt: original.id } }],
    },
  });
  const parsed = row.result === null ? undefined : resultDocumentSchema.safeParse(row.result);
  if (parsed && !parsed.success)
    console.error(`[history] submission ${row.id}: stored result does not parse`, parsed.error.issues.slice(0, 3));
  return {
    id: row.id,
    number: earlier + 1,
    createdAt: row.createdAt,
    status: row.status,
    files: z.array(submittedFileSchema).parse(row.files),
    ...(parsed?.success ? { result: parsed.data, score: parsed.data.score } : {}),
    ...(parsed && !parsed.success ? { resultUnreadable: true } : {}),
    ...(row.errorMessage ? { errorMessage: row.errorMessage } : {}),
    ...(row.regradeOfId ? { regradeOf: row.regradeOfId } : {}),
    ...(row.gpuFollowUp ? { gpuFollowUp: true as const } : {}),
  };
}

/** What the exercise page would open with: the draft, else the latest submission, else the starter. */
async function currentWork(userId: string, exercise: Exercise): Promise<SubmittedFile[]> {
  const draft = await loadDraft(userId, exercise.slug);
  if (draft) return editableFiles(exercise, draft.files);
  const latest = await latestSubmission(userId, exercise.slug);
  return editableFiles(exercise, latest ? z.array(submittedFileSchema).parse(latest.files) : []);
}

/** A per-file diff between two sides the learner picked, each one theirs (or the starter). */
export async function compareAttempts(userId: string, exerciseSlug: string, from: CompareSide, to: CompareSide) {
  const exercise = await loadExercise(exerciseSlug);
  const resolve = async (side: CompareSide) => {
    if (side === "draft") return { side, label: "your current draft", files: await currentWork(userId, exercise) };
    if (side === "starter") return { side, label: "the starter files", files: exercise.starter };
    const attempt = await loadAttempt(userId, exercise.slug, side);
    // Files the exercise no longer lets learners edit are left out, as the draft leaves them out.
    const name = attemptName(attempt).toLowerCase();
    const label = attempt.regradeOf ? `the ${name}` : name;
    return { side, label, files: editableFiles(exercise, attempt.files) };
  };
  const [{ files: before, ...fromSide }, { files: after, ...toSide }] = await Promise.all([resolve(from), resolve(to)]);
  return { from: fromSide, to: toSide, files: diffFileSets(before, after) };
}

/** Makes an attempt's files the learner's draft, so the exercise page opens with them; the last write wins. */
export async function restoreAttempt(userId: string, exerciseSlug: string, id: string): Promise<SavedDraft> {
  const exercise = await loadExercise(exerciseSlug);
  const attempt = await loadAttempt(userId, exercise.slug, id);
  const draft = await loadDraft(userId, exercise.slug);
  return saveDraft(userId, exercise.slug, editableFiles(exercise, attempt.files), draft?.revision ?? 0);
}
