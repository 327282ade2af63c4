import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { prisma } from "../db/client";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { RequestError } from "../errors/request-error";
import type { ExerciseSpec } from "../exercises/exercise-schema";
import { loadExercise } from "../exercises/load-exercise";
import { validateSubmission } from "../file-sets/validate-files";
import { assertMayAct } from "../learner-access/learner-access";
import { appBoss } from "../queue/app-boss";
import { type GradeJob, JOB_EXPIRE_SECONDS, JOB_PRIORITY, QUEUES } from "../queue/queues";
import { gradingPlan } from "./grading-plan";
import { IN_FLIGHT_STATUSES } from "./lifecycle";
import { assertWithinRateLimit } from "./rate-limit";
import type { SubmissionRequest } from "./submission-request";
import { openSubmission, transition } from "./transition";

/**
 * A burst of learners submitting at once (a class at its deadline) queues for the pool's connections: waiting longer
 * than Prisma's 2 s default for one is better than refusing the submission.
 */
const SUBMIT_TRANSACTION = { maxWait: 15_000 };

/**
 * Validates a learner's files, stores the submission and queues it where grading-plan.ts says (with a GPU follow-up
 * when no GPU runner is online). Nothing is queued unless the row exists, and a failure to queue marks the row
 * "error" so the learner can see it and resubmit instead of waiting forever. A learner has at most one submission
 * of an exercise in flight (work on other exercises never waits behind it, and a queued one can be withdrawn:
 * withdraw-submission.ts), and at most SUBMISSION_RATE_LIMIT in the rate window (rate-limit.ts).
 */
export async function createSubmission(userId: string, request: SubmissionRequest): Promise<{ id: string }> {
  const exercise = await loadExercise(request.exercise);
  const files = validateSubmission(request.files, exercise.spec.editable);
  // A timed assessment of this exercise takes work only inside the learner's window (409 outside it).
  await assertMayAct(userId, { kind: "exercise", itemSlug: exercise.slug }, "submit");

  // Serialise per learner so two simultaneous submits can't both pass the in-flight check or the rate limit.
  const { submission, plan, followUp } = await prisma().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`submit:${userId}`}))::text`;
    // The longer wait first: a flooder learns at once when they may submit again, not after the current result.
    await assertWithinRateLimit(tx, userId);
    // An instructor's re-grade or a GPU follow-up is not the learner's doing, so it never holds the learner back.
    const inFlight = await tx.submission.findFirst({
      where: { userId, exerciseSlug: exercise.slug, regradeOfId: null, status: { in: [...IN_FLIGHT_STATUSES] } },
      select: { id: true, status: true },
    });
    if (inFlight) {
      throw new RequestError(
        "CONFLICT",
        inFlight.status === "queued"
          ? "Your last submission of this exercise is still waiting for a grader. Wait for its result, or withdraw " +
              "it, before submitting this exercise again. Other exercises can be submitted meanwhile."
          : "Your last submission of this exercise is being graded. Wait for its result before submitting this " +
              "exercise again. Other exercises can be submitted meanwhile.",
        { submissionId: inFlight.id, status: inFlight.status },
      );
    }
    const plan = await gradingPlan(tx, exercise.spec);
    const submission = await openSubmission(tx, { userId, exerciseSlug: exercise.slug, files }, plan.notice);
    const followUp = plan.gpuFollowUp
      ? await openSubmission(tx, {
          userId,
          exerciseSlug: exercise.slug,
          files,
          regradeOfId: submission.id,
          gpuFollowUp: true,
        })
      : undefined;
    return { submission, plan, followUp };
  }, SUBMIT_TRANSACTION);
  await queueGrading([submission.id], plan.queue, {
    priority: JOB_PRIORITY.submission,
    unavailable:
      "The grading queue is unavailable right now, so this submission was not graded. Please submit again in a minute.",
  });
  if (followUp) {
    // Below the learners' own work, like a re-grade: it waits for a GPU runner, and one may serve both queues.
    await queueGrading([followUp.id], QUEUES.gpu, {
      priority: JOB_PRIORITY.regrade,
      unavailable:
        "The grading queue was unavailable, so the GPU checks of this attempt were not queued. Its CPU grade stands; " +
        "submit again once a GPU grader is online to have them run.",
    });
  }
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
    const ids = (key: "submissionId" | "jobId") => sql`${jobs.map((j) => j[key])}::text[]`;
    await typedSql(pool())
      .updateTable("submission as s")
      .from(sql`unnest(${ids("submissionId")}, ${ids("jobId")})`.as<"j">(sql`j(id, job)`))
      .set({ jobId: sql<string>`j.job` })
      .where(sql<boolean>`s.id = j.id`)
      .execute();
  } catch (err) {
    for (const id of submissionIds) await transition(pool(), id, { to: "error", errorMessage: unavailable });
    console.error("[submissions] queueing failed", err);
  }
}
