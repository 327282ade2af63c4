import type pg from "pg";

export interface RunnerIdentity {
  id: string;
  hostname: string;
  concurrency: number;
  gpus: number;
  queues: string[];
  /** The engine's `docker info` ID: shells of images kept on this engine are served by this runner. */
  engineId?: string;
}

/** Upserts this runner's row so the app can tell whether anyone is grading. */
export async function beat(
  db: pg.Pool,
  runner: RunnerIdentity,
  state: "running" | "draining" | "stopped",
  activeJobs: number,
): Promise<void> {
  await db.query(
    `INSERT INTO runner_heartbeat
       (id, hostname, concurrency, gpus, queues, "activeJobs", state, "engineId", "startedAt", "lastSeenAt")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), now())
     ON CONFLICT (id) DO UPDATE SET "activeJobs" = $6, state = $7, "engineId" = $8, "lastSeenAt" = now()`,
    [runner.id, runner.hostname, runner.concurrency, runner.gpus, runner.queues, activeJobs, state, runner.engineId],
  );
}
