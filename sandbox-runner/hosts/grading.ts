import type pg from "pg";
import type PgBoss from "pg-boss";
import { gradeJobSchema, gradingSettings, QUEUES, startBoss } from "../grading/lib";
import { handleGradeJob, markError } from "../grading-job";
import { ensurePackageMirror } from "../images/package-mirror";
import { keptImageRules } from "../kept-images";
import { type ReclaimedJob, reclaimExpiredLeases } from "../lease";
import { asRunner } from "../owner-labels";
import type { ReapRules } from "../reaper";
import { submissionInFlight } from "../submission-in-flight";
import { gradingConcurrency, measureMachine } from "./capacity";
import type { Host } from "./host";
import type { RunnerCore } from "./runner-core";

/** How long a stopping grading host lets the jobs in hand finish (the Compose file's grace period is 2 min). */
const DRAIN_MS = 60_000;

/** The grading host's settings: RUNNER_CONCURRENCY ("auto": sized by this machine, ./capacity.ts) and RUNNER_GPUS. */
export function gradingHostSettings(): { concurrency: number; gpus: number } {
  const { RUNNER_CONCURRENCY: concurrency, RUNNER_GPUS: gpus } = gradingSettings();
  return { concurrency: concurrency === "auto" ? gradingConcurrency(measureMachine()) : concurrency, gpus };
}

/** The queues a grading host works: grade-cpu always, grade-gpu too when it has GPUs. */
export function gradingQueues(gpus: number): string[] {
  return [QUEUES.cpu, ...(gpus > 0 ? [QUEUES.gpu] : [])];
}

/**
 * What the reaper keeps for grading: a submission's resources while it is in flight, and the images kept for
 * shells (a runner that grades made them, whether or not it serves shells too).
 */
export function gradingReapRules(db: pg.Pool, engineId: string): ReapRules {
  return { isInFlight: submissionInFlight(db), keptImages: keptImageRules(db, engineId) };
}

/**
 * The grading host: pg-boss, workers on the grading queues, `concurrency` jobs at a time, each graded on the core's
 * engine (../grading-job.ts), and the dead-letter queue, which closes a job that stopped its runners too often as an
 * error that does not count. At start and, once the runner may sweep, at each beat it hands the jobs of dead runners
 * back to the queue (../lease.ts).
 */
export async function startGradingHost(core: RunnerCore, opts: { concurrency: number; gpus: number }): Promise<Host> {
  const { db, docker, log } = core;
  // Started before the first claim, so a build never waits for it (and a runner without one does not start).
  await core.mirror();
  const boss = await startBoss(core.databaseUrl, { supervise: true });
  const reclaimed = (jobs: ReclaimedJob[]) => {
    for (const job of jobs) {
      const where = job.retried ? "back to" : "out of";
      log(`${job.submissionId}: runner ${job.runnerId} is dead, its job goes ${where} the queue`);
    }
    // The dead runner's containers and images go now, not at the next periodic pass.
    if (jobs.length > 0) void core.reapNow();
  };
  // The jobs a killed predecessor left behind (its resources went with the core's first reaper pass).
  reclaimed(await reclaimExpiredLeases(db, boss, { restartedAs: core.id }));
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
    // pg-boss polls its queues itself; the beat only hands back the jobs of runners that died.
    async tick({ sweep }) {
      if (sweep) reclaimed(await reclaimExpiredLeases(db, boss));
    },
    async stop() {
      for (const id of workerIds) await boss.offWork({ id });
      // The jobs in hand finish while the heartbeat, which is their lease, goes on.
      const until = Date.now() + DRAIN_MS;
      while (active > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 200));
      // `boss.stop` lets handlers still in flight finish, for up to a minute.
      await boss.stop({ graceful: true, wait: true, timeout: 60_000 });
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
