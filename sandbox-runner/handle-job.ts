import type Docker from "dockerode";
import type pg from "pg";
import { AppError } from "../lib/errors/app-error";
import { loadExercise } from "../lib/exercises/load-exercise";
import { resultDocumentSchema } from "../lib/grading/result-schema";
import { appendEvent } from "../lib/submissions/event-log";
import { FINAL_STATUSES } from "../lib/submissions/event-types";
import type { SubmittedFile } from "../lib/submissions/validate-files";
import { EventSink } from "./event-sink";
import { BUILD_LIMITS } from "./limits";
import { cleanupSubmission } from "./pipeline/cleanup";
import { gradeSubmission } from "./pipeline/grade-submission";
import type { BuildNetwork } from "./docker/build-network";

interface SubmissionRow {
  id: string;
  exerciseSlug: string;
  files: SubmittedFile[];
  status: string;
}

/**
 * Grades one submission end to end and stores the outcome. Safe to run twice
 * for the same id (a retried job after a runner died): finished submissions
 * are left alone, half-graded ones start over.
 */
export interface RunnerContext {
  id: string;
  gpus: number;
  /**
   * The build network for the next job: the engine's bridge with the package mirror, or none. Asked per job,
   * because the mirror's address on the bridge changes when the engine restarts it.
   */
  buildNetwork: () => Promise<BuildNetwork>;
}

export async function handleGradeJob(db: pg.Pool, docker: Docker, runner: RunnerContext, submissionId: string): Promise<void> {
  const { rows } = await db.query<SubmissionRow>(
    `SELECT id, "exerciseSlug", files, status FROM submission WHERE id = $1`,
    [submissionId],
  );
  const submission = rows[0];
  if (!submission || (FINAL_STATUSES as readonly string[]).includes(submission.status)) return;

  const sink = new EventSink(db, submissionId, BUILD_LIMITS.outputBytes);
  if (submission.status === "running") {
    sink.log("\n[grading restarted: the runner that had this submission stopped before finishing]\n");
    // Containers and images of the interrupted attempt would collide with the new one.
    await cleanupSubmission(docker, submissionId);
  }
  await db.query(`UPDATE submission SET status = 'running', "startedAt" = now(), "runnerId" = $2 WHERE id = $1`, [submissionId, runner.id]);
  await sink.emit({ type: "status", data: { status: "running" } });

  try {
    const exercise = await loadExercise(submission.exerciseSlug);
    const result = resultDocumentSchema.parse(
      await gradeSubmission({ submissionId, exercise, files: submission.files, docker, sink, network: await runner.buildNetwork(), gpus: runner.gpus }),
    );
    await sink.drain();
    await db.query(`UPDATE submission SET status = $2, result = $3::jsonb, "finishedAt" = now() WHERE id = $1`, [
      submissionId,
      result.status,
      JSON.stringify(result),
    ]);
    await sink.emit({ type: "result", data: result });
    await sink.emit({ type: "status", data: { status: result.status } });
    await sink.drain();
  } catch (err) {
    const message = platformMessage(err);
    console.error(`[runner] submission ${submissionId} errored:`, err);
    await sink.drain();
    await markError(db, submissionId, message);
  }
}

/** Closes a submission as a platform error: it costs the learner nothing. */
export async function markError(db: pg.Pool, submissionId: string, message: string): Promise<void> {
  const { rowCount } = await db.query(
    `UPDATE submission SET status = 'error', "errorMessage" = $2, "finishedAt" = now()
     WHERE id = $1 AND status NOT IN ('passed', 'failed', 'error')`,
    [submissionId, message],
  );
  if (rowCount) await appendEvent(db, submissionId, { type: "status", data: { status: "error", message } });
}

function platformMessage(err: unknown): string {
  if (err instanceof AppError && err.code === "NOT_FOUND") {
    return `${err.message} The exercise may have been renamed; this attempt was not counted.`;
  }
  const code = (err as { code?: string }).code;
  if (code === "ECONNREFUSED" || code === "ENOENT") {
    return "The grader could not reach its Docker engine, so this submission was not graded and not counted. Please submit again shortly.";
  }
  return "The grader hit an internal problem while handling this submission; it was not counted. Please submit again.";
}
