import type PgBoss from "pg-boss";
import { gradeJobSchema, QUEUES } from "../from-lib";
import { handleGradeJob, markError } from "../grading-job";
import { ensurePackageMirror } from "../images/package-mirror";
import { asRunner } from "../owner-labels";
import type { Host } from "./host";
import type { RunnerCore } from "./runner-core";

/** How long a stopping grading host lets the jobs in hand finish (the Compose file's grace period is 2 min). */
const DRAIN_MS = 60_000;

/** The queues a grading host works: grade-cpu always, grade-gpu too when it has GPUs. */
export function gradingQueues(gpus: number): string[] {
  return [QUEUES.cpu, ...(gpus > 0 ? [QUEUES.gpu] : [])];
}

/**
 * The grading host: workers on the grading queues, `concurrency` jobs at a time, each graded on the core's engine
 * (../grading-job.ts), and the dead-letter queue, which closes a job that stopped its runners too often as an error
 * that does not count.
 */
export async function startGradingHost(core: RunnerCore, opts: { concurrency: number; gpus: number }): Promise<Host> {
  const { db, docker, boss, log } = core;
  // Started before the first claim, so a build never waits for it (and a runner without one does not start).
  await core.mirror();
  const context = {
    id: core.id,
    gpus: opts.gpus,
    buildNetwork: () => ensurePackageMirror(docker),
    keepImages: { engineId: core.engineId },
  };
  let active = 0;
  const queues = gradingQueues(opts.gpus);
  const workerIds = await startWorkers(boss, queues, opts.concurrency, async (submissionId) => {
    active++;
    try {
      log(`grading ${submissionId}`);
      // Every container and image the job creates is labelled with this runner, for the reaper.
      await asRunner(core.id, () => handleGradeJob(db, docker, context, submissionId));
    } finally {
      active--;
    }
  });
  workerIds.push(
    await boss.work<{ submissionId: string }>(QUEUES.dead, async ([job]) => {
      const { submissionId } = gradeJobSchema.parse(job?.data);
      await markError(
        db,
        submissionId,
        "Grading stopped repeatedly while handling this submission (the grader " +
          "restarted each time). It was not counted; please submit again.",
      );
    }),
  );
  log(`${core.id} working ${queues.join(", ")} with concurrency ${opts.concurrency}`);

  return {
    kind: "grade",
    load: () => ({ capacity: opts.concurrency, active }),
    // pg-boss polls its queues itself; a job whose runner died is the core's sweep to hand back.
    tick: async () => {},
    async stop() {
      for (const id of workerIds) await boss.offWork({ id });
      // The jobs in hand finish while the heartbeat, which is their lease, goes on.
      const until = Date.now() + DRAIN_MS;
      while (active > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 200));
    },
  };
}

async function startWorkers(
  boss: PgBoss,
  queues: string[],
  concurrency: number,
  handle: (submissionId: string) => Promise<void>,
): Promise<string[]> {
  const ids: string[] = [];
  for (const queue of queues) {
    // pg-boss 10 has one job in flight per worker, so concurrency = number of workers.
    for (let i = 0; i < concurrency; i++) {
      ids.push(
        await boss.work<{ submissionId: string }>(
          queue,
          { batchSize: 1, pollingIntervalSeconds: 0.5 },
          async ([job]) => {
            const { submissionId } = gradeJobSchema.parse(job?.data);
            await handle(submissionId);
          },
        ),
      );
    }
  }
  return ids;
}
