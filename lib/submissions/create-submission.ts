import { prisma } from "../db/client";
import { pool } from "../db/pool";
import { checkDockerfileSyntax } from "../dockerfile/check-syntax";
import { RequestError } from "../errors/request-error";
import { loadExercise } from "../exercises/load-exercise";
import { appBoss } from "../queue/app-boss";
import { type GradeJob, JOB_EXPIRE_SECONDS } from "../queue/queues";
import { IN_FLIGHT_STATUSES } from "./lifecycle";
import type { SubmissionRequest } from "./submission-request";
import { openSubmission, transition } from "./transition";
import { validateFiles } from "./validate-files";

/**
 * Validates a learner's files, stores the submission and queues it. Nothing is
 * queued unless the row exists, and a failure to queue marks the row "error"
 * so the learner can see it and resubmit instead of waiting forever.
 */
export async function createSubmission(userId: string, request: SubmissionRequest): Promise<{ id: string }> {
  const exercise = await loadExercise(request.exercise);
  const files = validateFiles(request.files, exercise.spec.editable);
  const dockerfile = files.find((f) => f.path === "Dockerfile");
  if (exercise.spec.editable.includes("Dockerfile")) {
    checkDockerfileSyntax(dockerfile?.content ?? "", "Dockerfile");
  }

  // Serialise per learner so two simultaneous submits can't both pass the in-flight check.
  const submission = await prisma().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`submit:${userId}`}))::text`;
    const inFlight = await tx.submission.findFirst({
      where: { userId, status: { in: [...IN_FLIGHT_STATUSES] } },
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
  });
  try {
    const boss = await appBoss();
    const job: GradeJob = { submissionId: submission.id };
    const jobId = await boss.send(exercise.spec.queue, job, { expireInSeconds: JOB_EXPIRE_SECONDS });
    await prisma().submission.update({ where: { id: submission.id }, data: { jobId } });
  } catch (err) {
    const message =
      "The grading queue is unavailable right now, so this submission was not graded. Please submit again in a minute.";
    await transition(pool(), submission.id, { to: "error", errorMessage: message });
    console.error("[submissions] queueing failed", err);
  }
  return submission;
}
