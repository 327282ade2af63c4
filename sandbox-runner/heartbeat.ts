import type pg from "pg";
import type { HostKind } from "./core/lib";

export interface RunnerIdentity {
  id: string;
  hostname: string;
  concurrency: number;
  gpus: number;
  queues: string[];
  /** The engine's `docker info` ID: shells of images kept on this engine are served by this runner. */
  engineId?: string;
}

/** What the beat reports besides the identity. */
export interface RunnerBeat {
  state: "running" | "draining" | "stopped";
  /** The hosts serving now (../hosts/host.ts): shells open only where "shell" is among them. */
  hosts: HostKind[];
  activeJobs: number;
  /** Why the engine did not answer the last ping; undefined while it answers. */
  engineProblem?: string;
  /** Why build steps could not reach the package mirror when last asked; undefined while they do. */
  buildNetworkProblem?: string;
  /** The labs this runner can hold and serves now; undefined when it serves no labs. */
  labs?: { capacity: number; active: number };
  /** The same for shells; undefined when it serves none. */
  shells?: { capacity: number; active: number };
}

/** Upserts this runner's row so the app can tell whether anyone is grading, and whether its engine answers. */
export async function beat(db: pg.Pool, runner: RunnerIdentity, now: RunnerBeat): Promise<void> {
  await db.query(
    `INSERT INTO runner_heartbeat
       (id, hostname, concurrency, gpus, queues, "activeJobs", state, "engineId", "engineProblem", "labCapacity",
        "activeLabs", "buildNetworkProblem", hosts, "shellCapacity", "activeShells", "startedAt", "lastSeenAt")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, now(), now())
     ON CONFLICT (id) DO UPDATE
       SET hostname = $2, concurrency = $3, gpus = $4, queues = $5, "activeJobs" = $6, state = $7, "engineId" = $8,
           "engineProblem" = $9, "labCapacity" = $10, "activeLabs" = $11, "buildNetworkProblem" = $12, hosts = $13,
           "shellCapacity" = $14, "activeShells" = $15, "lastSeenAt" = now()`,
    [
      runner.id,
      runner.hostname,
      runner.concurrency,
      runner.gpus,
      runner.queues,
      now.activeJobs,
      now.state,
      runner.engineId,
      now.engineProblem ?? null,
      now.labs?.capacity ?? 0,
      now.labs?.active ?? 0,
      now.buildNetworkProblem ?? null,
      now.hosts,
      now.shells?.capacity ?? 0,
      now.shells?.active ?? 0,
    ],
  );
}
