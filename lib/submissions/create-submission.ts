import { randomUUID } from "node:crypto";
import { prisma } from "../db/client";
import { pool } from "../db/pool";
import { RequestError } from "../errors/request-error";
import type { ExerciseSpec } from "../exercises/exercise-schema";
import { loadExercise } from "../exercises/load-exercise";
import { appBoss } from "../queue/app-boss";
import { type GradeJob, JOB_EXPIRE_SECONDS, JOB_PRIORITY } from "../queue/queues";
import { IN_FLIGHT_STATUSES } from "./lifecycle";
import { assertWithinRateLimit } from "./rate-limit";
import type { SubmissionRequest } from "./submission-request";
import { openSubmission, transition } from "./transition";
import { validateSubmission } from "./validate-files";

/**
 * Validates a learner's files, stores the submission and queues it. Nothing is
 * queued unless the row exists, and a failure to queue marks the row "error"
 * so the learner can see it and resubmit instead of waiting forever. A learner
 * has at most one submission in flight, and at most SUBMISSION_RATE_LIMIT in
 * the rate window (rate-limit.ts).
 */
/**
 * A burst of learners submitting at once (a class at its deadline) queues for the pool's connections: waiting longer
 * than Prisma's 2 s default for one is better than refusing the submission.
 */
const SUBMIT_TRANSACTION = { maxWait: 15_000 };

export async function createSubmission(userId: string, request: SubmissionRequest): Promise<{ id: string }> {
  const exercise = await loadExercise(request.exercise);
  const files = validateSubmission(request.files, exercise.spec.editable);

  // Serialise per learner so two simultaneous submits can't both pass the in-flight check or the rate limit.
  const submission = await prisma().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`submit:${userId}`}))::text`;
    // The longer wait first: a flooder learns at once when they may submit again, not after the current result.
    await assertWithinRateLimit(tx, userId);
    // An instructor's re-grade is not the learner's doing, so it never holds the learner back.
    const inFlight = await tx.submission.findFirst({
      where: { userId, regradeOfId: null, status: { in: [...IN_FLIGHT_STATUSES] } },
      select: { id: true },
    });
    if (inFlight) {
      throw new RequestError(
        "CONFLICT",
        "You already have a submission being graded. Wait for its result before submitting again.",
        {
          submissionId: inFlight.id,
        },
      );
    }
    return openSubmission(tx, { userId, exerciseSlug: exercise.slug, files });
  }, SUBMIT_TRANSACTION);
  await queueGrading([submission.id], exercise.spec.queue, {
    priority: JOB_PRIORITY.submission,
    unavailable:
      "The grading queue is unavailable right now, so this submission was not graded. Please submit again in a minute.",
  });
  return submission;
}

export interface QueueOptions {
  /** pg-boss priority, from JOB_PRIORITY. */
  priority: number;
  /** What the submissions' readers are told when the jobs could not be sent. */
  unavailable: string;
}

/**
 * Sends the grading jobs of stored, queued submissions (one statement however many) and records each job's id.
 * Never throws: a failure to queue marks the rows "error" with `unavailable`, so nobody waits for a job that does
 * not exist.
 */
export async function queueGrading(
  submissionIds: readonly string[],
  queue: ExerciseSpec["queue"],
  { priority, unavailable }: QueueOptions,
): Promise<void> {
  if (submissionIds.length === 0) return;
  // Job ids are chosen here, since pg-boss's insert does not answer with them.
  const jobs = submissionIds.map((submissionId) => ({ submissionId, jobId: randomUUID() }));
  try {
    const boss = await appBoss();
    await boss.insert(
      jobs.map(({ submissionId, jobId }) => {
        const data: GradeJob = { submissionId };
        return { id: jobId, name: queue, data, priority, expireInSeconds: JOB_EXPIRE_SECONDS };
      }),
    );
    await pool().query(
      `UPDATE submission s SET "jobId" = j.job FROM unnest($1::text[], $2::text[]) AS j(id, job) WHERE s.id = j.id`,
      [jobs.map((j) => j.submissionId), jobs.map((j) => j.jobId)],
    );
  } catch (err) {
    for (const id of submissionIds) await transition(pool(), id, { to: "error", errorMessage: unavailable });
    console.error("[submissions] queueing failed", err);
  }
}
