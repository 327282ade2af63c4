import { sql } from "kysely";
import type pg from "pg";
import { type HostKind, typedSql } from "./core/lib";

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
  // Every column, absent ones as null or 0: a beat replaces all that the previous one said.
  const row = {
    hostname: runner.hostname,
    concurrency: runner.concurrency,
    gpus: runner.gpus,
    queues: runner.queues,
    engineId: runner.engineId ?? null,
    activeJobs: now.activeJobs,
    state: now.state,
    hosts: now.hosts,
    engineProblem: now.engineProblem ?? null,
    buildNetworkProblem: now.buildNetworkProblem ?? null,
    labCapacity: now.labs?.capacity ?? 0,
    activeLabs: now.labs?.active ?? 0,
    shellCapacity: now.shells?.capacity ?? 0,
    activeShells: now.shells?.active ?? 0,
    lastSeenAt: sql<Date>`now()`,
  };
  await typedSql(db)
    .insertInto("runner_heartbeat")
    .values({ id: runner.id, ...row, startedAt: sql`now()` })
    .onConflict((oc) => oc.column("id").doUpdateSet(row))
    .execute();
}
