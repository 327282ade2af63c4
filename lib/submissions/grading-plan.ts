import { z } from "zod";
import type { ExerciseSpec } from "../exercises/exercise-schema";
import type { Prisma } from "../generated/prisma/client";
import { QUEUES } from "../queue/queues";
import { runnerAliveSql } from "../runners/liveness";

/**
 * Where a learner's submission is graded. An exercise with GPU checks goes to the GPU runners' queue while one of
 * them is taking jobs. With none online it would wait there for as long as no GPU node exists, so instead it is
 * graded at once on a CPU runner, which reports the GPU checks as not run (as every GPU exercise's prompt says), and
 * a second grading of the same files waits for a GPU runner: the GPU follow-up. Like a re-grade it points at the
 * learner's attempt and stands for it once it finishes (graded-attempts.ts), and it never holds the learner back
 * (the in-flight rule and the rate limit count the learner's own attempts only).
 */
export type GradingPlan =
  | { queue: ExerciseSpec["queue"]; gpuFollowUp: false; notice?: undefined }
  | { queue: typeof QUEUES.cpu; gpuFollowUp: true; notice: string };

export const NO_GPU_GRADER_NOTICE =
  "No GPU grader is online right now, so this attempt is graded at once on a CPU grader: everything except the " +
  "GPU checks, which the report marks as not run. The GPU checks follow by themselves when a GPU grader comes " +
  "online, and that grading then stands for this attempt. You can go on working and submit other exercises " +
  "meanwhile.";

/** Runners taking jobs from `queue` now (not draining, beaten within their lease). */
export async function runnersTaking(tx: Prisma.TransactionClient, queue: string): Promise<number> {
  const rows = await tx.$queryRawUnsafe(
    `SELECT count(*)::int AS n FROM runner_heartbeat r
      WHERE ${runnerAliveSql("r")} AND r.state = 'running' AND $1 = ANY(r.queues)`,
    queue,
  );
  return z.array(z.object({ n: z.number() })).parse(rows)[0]?.n ?? 0;
}

export async function gradingPlan(tx: Prisma.TransactionClient, spec: ExerciseSpec): Promise<GradingPlan> {
  if (spec.queue !== QUEUES.gpu || (await runnersTaking(tx, QUEUES.gpu)) > 0) {
    return { queue: spec.queue, gpuFollowUp: false };
  }
  return { queue: QUEUES.cpu, gpuFollowUp: true, notice: NO_GPU_GRADER_NOTICE };
}
