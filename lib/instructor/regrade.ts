import "server-only";
import { sql } from "kysely";
import { z } from "zod";
import { canSeeLearner, hasStaffAccess, learnersInView, type StaffScope, staffScope } from "../access/staff-scope";
import { recordAdminAction } from "../audit/action-log";
import type { CurrentUser } from "../auth/current-user";
import { prisma } from "../db/client";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { RequestError } from "../errors/request-error";
import { loadExercise } from "../exercises/load-exercise";
import { submittedFileSchema } from "../file-sets/validate-files";
import { Prisma } from "../generated/prisma/client";
import { rowIdSchema } from "../list-query/list-query";
import { JOB_PRIORITY } from "../queue/queues";
import { type QueueOptions, queueGrading } from "../submissions/create-submission";
import { GRADED_ATTEMPTS } from "../submissions/graded-attempts";
import { IN_FLIGHT_STATUSES, isInFlightStatus } from "../submissions/lifecycle";
import { openSubmission } from "../submissions/transition";

/**
 * Re-grading: after a check changes, an instructor grades learners' submissions again. A re-grade is a new
 * submission row (same learner, exercise and files) pointing at the learner's original, never at another re-grade,
 * so graded-attempts.ts can let its newest finished grading stand for the attempt. Each request is a RegradeBatch,
 * whose progress the instructor follows, and an admin log entry written in the same transaction. The jobs go below
 * the learners' own in the queue, and a learner's in-flight check ignores them (create-submission.ts), so
 * re-grading never makes a learner wait.
 */
export type RegradeStarted = { batchId: string; total: number };

const REGRADE_QUEUEING: QueueOptions = {
  priority: JOB_PRIORITY.regrade,
  unavailable:
    "The grading queue was unavailable, so this re-grade was not run. The learner's original grade still stands; " +
    "start the re-grade again in a minute.",
};

/** Whose work the person may re-grade: their classes' learners, or everyone's for an admin. */
async function regradeScope(user: CurrentUser): Promise<StaffScope> {
  const scope = await staffScope(user);
  if (!hasStaffAccess(scope)) throw new RequestError("FORBIDDEN", "Only instructors can re-grade submissions.");
  return scope;
}

/** One re-grade at a time per exercise, so two instructors' clicks cannot both pass the "already waiting" check. */
async function lockExercise(tx: Prisma.TransactionClient, slug: string): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`regrade:${slug}`}))::text`;
}

const originalSchema = z.object({ id: z.string(), userId: z.string(), files: z.array(submittedFileSchema) });
type Original = z.infer<typeof originalSchema>;

/** The batch and one queued re-grade per original, each with its first status event, in the caller's transaction. */
async function openBatch(
  tx: Prisma.TransactionClient,
  staff: CurrentUser,
  exerciseSlug: string,
  originals: Original[],
) {
  const batch = await tx.regradeBatch.create({
    data: { exerciseSlug, requestedById: staff.id, total: originals.length },
    select: { id: true },
  });
  const submissionIds: string[] = [];
  for (const { id: regradeOfId, userId, files } of originals) {
    const regrade = await openSubmission(tx, { userId, exerciseSlug, files, regradeOfId, regradeBatchId: batch.id });
    submissionIds.push(regrade.id);
  }
  return { batchId: batch.id, total: originals.length, submissionIds };
}

// A batch of hundreds of rows takes longer than Prisma's default five seconds for an interactive transaction.
const BATCH_TRANSACTION = { timeout: 120_000, maxWait: 10_000 };

/** Grades one submission again (a re-grade's original, when given a re-grade). */
export async function regradeSubmission(staff: CurrentUser, submissionId: string): Promise<RegradeStarted> {
  const scope = await regradeScope(staff);
  const notFound = new RequestError("NOT_FOUND", "There is no submission with this id.");
  if (!rowIdSchema.safeParse(submissionId).success) throw notFound;
  const target = await prisma().submission.findUnique({
    where: { id: submissionId },
    select: { id: true, exerciseSlug: true, regradeOfId: true, userId: true },
  });
  // Another class's submission is not confirmed to exist.
  if (!target || !(await canSeeLearner(scope, target.userId))) throw notFound;
  const exercise = await loadExercise(target.exerciseSlug);
  const originalId = target.regradeOfId ?? target.id;
  const started = await prisma().$transaction(async (tx) => {
    await lockExercise(tx, exercise.slug);
    const { status, user, ...original } = await tx.submission.findUniqueOrThrow({
      where: { id: originalId },
      select: { id: true, userId: true, files: true, status: true, user: { select: { name: true } } },
    });
    if (isInFlightStatus(status)) {
      throw new RequestError("CONFLICT", "This submission is still being graded; re-grade it once it has a result.");
    }
    const pending = await tx.submission.findFirst({
      where: { regradeOfId: originalId, status: { in: [...IN_FLIGHT_STATUSES] } },
      select: { id: true },
    });
    if (pending) {
      throw new RequestError("CONFLICT", "A re-grade of this submission is already waiting or running.", {
        submissionId: pending.id,
      });
    }
    const started = await openBatch(tx, staff, exercise.slug, [originalSchema.parse(original)]);
    await recordAdminAction(tx, staff, {
      action: "regrade_submission",
      target: { id: original.id, label: user.name },
      details: {
        batchId: started.batchId,
        exerciseSlug: exercise.slug,
        exerciseTitle: exercise.spec.title,
        regradeId: started.submissionIds[0]!,
      },
    });
    return started;
  });
  await queueGrading(started.submissionIds, exercise.spec.queue, REGRADE_QUEUEING);
  return { batchId: started.batchId, total: started.total };
}

/**
 * Grades again every learner's attempt at an exercise whose standing grade is final (passed, failed or error): one
 * re-grade per original, oldest first. Attempts still waiting for a grade, or with a re-grade waiting or running,
 * are left out.
 */
export async function regradeExercise(staff: CurrentUser, slug: string): Promise<RegradeStarted> {
  const scope = await regradeScope(staff);
  // Staff re-grade their classes' learners only; an admin everyone's.
  const learners = await learnersInView(scope, null);
  const exercise = await loadExercise(slug);
  const started = await prisma().$transaction(async (tx) => {
    await lockExercise(tx, exercise.slug);
    const rows = await tx.$queryRaw`
      WITH ${Prisma.raw(GRADED_ATTEMPTS)}
      SELECT o.id, o."userId", o.files
        FROM graded_attempt g
        JOIN "user" u ON u.id = g."userId"
        JOIN submission o ON o.id = g."attemptId"
       WHERE g."exerciseSlug" = ${exercise.slug} AND u.role = 'learner'
         AND (${learners}::text[] IS NULL OR g."userId" = ANY(${learners}::text[]))
         AND g.status IN ('passed', 'failed', 'error')
         AND NOT EXISTS (
           SELECT 1 FROM submission r WHERE r."regradeOfId" = g."attemptId" AND r.status IN ('queued', 'running'))
       ORDER BY g."submittedAt", g."attemptId"`;
    const originals = z.array(originalSchema).parse(rows);
    if (originals.length === 0) {
      throw new RequestError(
        "CONFLICT",
        `There is nothing of "${exercise.spec.title}" to re-grade: no learner's submission has a final grade ` +
          "without a re-grade already waiting.",
      );
    }
    const started = await openBatch(tx, staff, exercise.slug, originals);
    await recordAdminAction(tx, staff, {
      action: "regrade_exercise",
      target: { id: exercise.slug, label: exercise.spec.title },
      details: { batchId: started.batchId, submissions: started.total },
    });
    return started;
  }, BATCH_TRANSACTION);
  await queueGrading(started.submissionIds, exercise.spec.queue, REGRADE_QUEUEING);
  return { batchId: started.batchId, total: started.total };
}

export type RegradeProgress = Awaited<ReturnType<typeof regradeProgress>>;

/**
 * How far a batch has come: its exercise and size, its re-grades per status, and `done` once none waits or runs. Only
 * for the staff member who started it, or an admin: a batch of someone else's answers as one that does not exist, so
 * ids cannot be probed across classes.
 */
export async function regradeProgress(staff: Pick<CurrentUser, "id" | "role">, batchId: string) {
  const notFound = new RequestError("NOT_FOUND", "There is no re-grade of yours with this id.");
  if (!rowIdSchema.safeParse(batchId).success) throw notFound;
  const counts = (["queued", "running", "passed", "failed", "error"] as const).map((status) =>
    sql<number>`(count(s.id) FILTER (WHERE s.status = ${sql.lit(status)}))::int`.as(status),
  );
  const row = await typedSql(pool())
    .selectFrom("regrade_batch as b")
    .leftJoin("submission as s", "s.regradeBatchId", "b.id")
    .select(["b.exerciseSlug", "b.total", ...counts])
    .where("b.id", "=", batchId)
    .where(sql<boolean>`(${staff.role === "admin"} OR b."requestedById" = ${staff.id})`)
    .groupBy("b.id")
    .executeTakeFirst();
  if (!row) throw notFound;
  return { ...row, done: row.queued + row.running === 0 };
}
