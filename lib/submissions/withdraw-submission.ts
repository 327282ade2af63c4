import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { typedSql } from "../db/typed-sql";
import { RequestError } from "../errors/request-error";
import { rowIdSchema } from "../list-query/list-query";
import { appBoss } from "../queue/app-boss";
import { QUEUES } from "../queue/queues";
import { transition } from "./transition";

export const WITHDRAWN_MESSAGE = "You withdrew this submission before a grader started it. It was not graded.";

/**
 * A learner takes back their own submission (and its waiting GPU follow-up) while it waits for a grader: it ends
 * "withdrawn" and counts for nothing. Once started, it runs to its result; a re-grade is the instructor's.
 */
export async function withdrawSubmission(user: CurrentUser, submissionId: string): Promise<{ status: "withdrawn" }> {
  const notFound = new RequestError("NOT_FOUND", "There is no such submission, or it is not yours.");
  if (!rowIdSchema.safeParse(submissionId).success) throw notFound;
  const s = typedSql(pool()).selectFrom("submission");
  const row = await s.select(["userId", "regradeBatchId", "jobId"]).where("id", "=", submissionId).executeTakeFirst();
  if (!row || row.userId !== user.id) throw notFound;
  if (row.regradeBatchId !== null)
    throw new RequestError("FORBIDDEN", "This is an instructor's re-grade of your work; only staff can manage it.");
  const outcome = await transition(pool(), submissionId, { to: "withdrawn", message: WITHDRAWN_MESSAGE });
  if (!outcome.moved)
    throw new RequestError(
      "CONFLICT",
      outcome.current === "running"
        ? "A grader has already started this submission, so it can no longer be withdrawn. Its result follows shortly."
        : `This submission can no longer be withdrawn: it is already ${outcome.current}.`,
      { status: outcome.current },
    );
  const followUps = await s
    .select(["id", "jobId"])
    .where((w) => w.and({ regradeOfId: submissionId, gpuFollowUp: true, status: "queued" }))
    .execute();
  // Only the jobs of follow-ups that really moved: one a runner started meanwhile runs to its result, job and all.
  const withdrawn = [];
  for (const followUp of followUps)
    if ((await transition(pool(), followUp.id, { to: "withdrawn", message: WITHDRAWN_MESSAGE })).moved)
      withdrawn.push(followUp.jobId);
  await cancelJobs([row.jobId, ...withdrawn]);
  return { status: "withdrawn" };
}

/** Takes the jobs out of the queue; best effort, since a runner that gets one finds its move to "running" refused. */
async function cancelJobs(jobIds: (string | null)[]): Promise<void> {
  const ids = jobIds.filter((id): id is string => id !== null);
  if (ids.length === 0) return;
  try {
    const boss = await appBoss();
    // The job's queue is not stored; cancelling in a queue that does not hold it changes nothing.
    for (const queue of [QUEUES.cpu, QUEUES.gpu]) await boss.cancel(queue, ids);
  } catch (err) {
    console.warn("[submissions] withdrawn jobs stay queued (their runner will skip them):", err);
  }
}
