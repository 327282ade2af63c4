import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import pg from "pg";
import type PgBoss from "pg-boss";
import { engineClient } from "./docker/engine";
import { handleGradeJob, markError } from "./handle-job";
import { beat, type RunnerIdentity } from "./heartbeat";
import { ensurePackageMirror } from "./images/package-mirror";
import { reap } from "./reaper";
import { gradeJobSchema, QUEUES, RUNNER_HEARTBEAT_SECONDS, startBoss } from "./shared";
import { submissionInFlight } from "./submission-in-flight";

const REAP_EVERY_MS = 5 * 60 * 1000;

export interface RunnerOptions {
  databaseUrl: string;
  concurrency: number;
  gpus: number;
  id?: string;
  log?: (line: string) => void;
  heartbeatSeconds?: number;
}

export interface RunningRunner {
  id: string;
  /** Stops claiming jobs, waits for the ones in hand, then closes connections. */
  stop(): Promise<void>;
}

/**
 * A runner is a loop over pg-boss jobs: the same program on every machine,
 * scaled by starting more of them. CPU runners work grade-cpu; runners with
 * GPUs also work grade-gpu.
 */
export async function startRunner(opts: RunnerOptions): Promise<RunningRunner> {
  const log = opts.log ?? ((line: string) => console.log(`[runner] ${line}`));
  const db = new pg.Pool({ connectionString: opts.databaseUrl, max: 4 + opts.concurrency });
  db.on("error", (err) => log(`idle database connection lost: ${err.message}`));
  const docker = engineClient();
  await docker.ping();
  const boss = await startBoss(opts.databaseUrl, { supervise: true });

  const queues: string[] = [QUEUES.cpu, ...(opts.gpus > 0 ? [QUEUES.gpu] : [])];
  const identity: RunnerIdentity = {
    id: opts.id ?? `${hostname()}-${randomUUID().slice(0, 8)}`,
    hostname: hostname(),
    concurrency: opts.concurrency,
    gpus: opts.gpus,
    queues,
  };
  let active = 0;
  await beat(db, identity, "running", active);
  // Builds reach the package mirror and nothing else; without it pip installs would fail.
  await ensurePackageMirror(docker);
  const context = { id: identity.id, gpus: opts.gpus, buildNetwork: () => ensurePackageMirror(docker) };
  const reapNow = () =>
    reap(docker, { isInFlight: submissionInFlight(db), log })
      .then((r) => {
        const total = r.containers + r.images + r.networks + r.volumes;
        if (total > 0 || r.prunedBytes > 0)
          log(`reaper removed ${total} leftover resource(s), ${Math.round(r.prunedBytes / 1e6)} MB of step images`);
      })
      .catch((err) => log(`reaper failed: ${(err as Error).message}`));
  // At start: whatever a killed predecessor left behind.
  await reapNow();
  const reaper = setInterval(reapNow, REAP_EVERY_MS);
  const heartbeat = setInterval(
    () => {
      beat(db, identity, "running", active).catch((err) => log(`heartbeat failed: ${(err as Error).message}`));
    },
    (opts.heartbeatSeconds ?? RUNNER_HEARTBEAT_SECONDS) * 1000,
  );

  const workerIds = await startWorkers(boss, queues, opts.concurrency, async (submissionId) => {
    active++;
    try {
      log(`grading ${submissionId}`);
      await handleGradeJob(db, docker, context, submissionId);
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
  log(`${identity.id} working ${queues.join(", ")} with concurrency ${opts.concurrency}`);

  return {
    id: identity.id,
    async stop() {
      clearInterval(heartbeat);
      clearInterval(reaper);
      // Stopping goes on without the heartbeat: its row only informs the health page.
      await beat(db, identity, "draining", active).catch((err) => log(`heartbeat failed: ${(err as Error).message}`));
      // graceful: let handlers in flight finish before pg-boss closes.
      await boss.stop({ graceful: true, wait: true, timeout: 60_000 });
      await beat(db, identity, "stopped", 0).catch((err) => log(`heartbeat failed: ${(err as Error).message}`));
      await db.end();
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
