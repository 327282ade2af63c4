import type pg from "pg";
import { env } from "../config/env";

/**
 * A runner's heartbeat is its lease. It beats every RUNNER_HEARTBEAT_SECONDS (10 s by default); silent for
 * RUNNER_LEASE_SECONDS (60 s, six missed beats), it counts as dead: its running jobs go back to the queue
 * (sandbox-runner/lease.ts) and its containers and images are reaped. Tests shorten both through the environment.
 */
export function runnerTiming(): { heartbeatSeconds: number; leaseSeconds: number } {
  const { RUNNER_HEARTBEAT_SECONDS: heartbeatSeconds, RUNNER_LEASE_SECONDS: leaseSeconds } = env();
  // A lease of one or two beats would call a runner dead after one late beat, and its job would be graded twice.
  if (leaseSeconds < 3 * heartbeatSeconds) {
    throw new Error(
      `Invalid environment: RUNNER_LEASE_SECONDS (${leaseSeconds}) must be at least three heartbeats ` +
        `(RUNNER_HEARTBEAT_SECONDS is ${heartbeatSeconds})`,
    );
  }
  return { heartbeatSeconds, leaseSeconds };
}

/**
 * SQL condition: the runner row `alias` is alive (not stopped, beaten within its lease). Draining runners count:
 * they still finish what they hold. One rule for the runner's in-flight check, the lease, the reaper and the
 * instructor's dashboard.
 */
export function runnerAliveSql(alias: string): string {
  const window = `make_interval(secs => ${runnerTiming().leaseSeconds})`;
  return `(${alias}.state <> 'stopped' AND ${alias}."lastSeenAt" > now() - ${window})`;
}

/** Whether grading can reach a Docker engine, as the live runners' last heartbeats saw theirs. */
export type EngineHealth =
  | { status: "up" }
  /** No live runner to ask: nothing grades, and nothing is known about an engine. */
  | { status: "unknown"; reason: string }
  /** Every live runner's engine failed its last ping: submissions wait (or are retried) until one answers. */
  | { status: "down"; reason: string };

export interface RunnersHealth {
  /** Runners that are taking jobs (not draining or stopped) and have beaten recently. */
  activeRunners: number;
  engine: EngineHealth;
}

/** The runners' part of `/api/health`: how many take jobs, and whether any of them reaches its engine. */
export async function runnersHealth(db: Pick<pg.Pool, "query">): Promise<RunnersHealth> {
  const { rows } = await db.query<{ id: string; engineProblem: string | null }>(
    `SELECT id, "engineProblem" FROM runner_heartbeat
     WHERE state = 'running' AND "lastSeenAt" > now() - make_interval(secs => $1)
     ORDER BY "lastSeenAt" DESC`,
    [runnerTiming().leaseSeconds],
  );
  const activeRunners = rows.length;
  if (activeRunners === 0) return { activeRunners, engine: { status: "unknown", reason: "no runner is taking jobs" } };
  if (rows.some((r) => r.engineProblem === null)) return { activeRunners, engine: { status: "up" } };
  const [first] = rows;
  const others = activeRunners > 1 ? ` (and ${activeRunners - 1} other runner(s))` : "";
  return {
    activeRunners,
    engine: { status: "down", reason: `runner ${first!.id}${others}: ${first!.engineProblem}` },
  };
}
