import { sql } from "kysely";
import type pg from "pg";
import { livenessSettings } from "../config/settings";
import { typedSql } from "../db/typed-sql";

/**
 * A runner's heartbeat is its lease. It beats every RUNNER_HEARTBEAT_SECONDS (10 s by default); silent for
 * RUNNER_LEASE_SECONDS (60 s, six missed beats), it counts as dead: its running jobs go back to the queue
 * (sandbox-runner/lease.ts) and its containers and images are reaped. Tests shorten both through the environment.
 */
export function runnerTiming(): { heartbeatSeconds: number; leaseSeconds: number } {
  const { RUNNER_HEARTBEAT_SECONDS: heartbeatSeconds, RUNNER_LEASE_SECONDS: leaseSeconds } = livenessSettings();
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

/** Whether grading can reach a part it needs (its Docker engine, the package mirror), as the live runners saw it. */
export type PartHealth =
  | { status: "up" }
  /** No live runner to ask: nothing grades, and nothing is known about the part. */
  | { status: "unknown"; reason: string }
  /** Every live runner failed to reach it when it last looked: submissions wait (or are retried) until one does. */
  | { status: "down"; reason: string };
export interface RunnersHealth {
  /** Runners with a grading host that are taking jobs (not draining or stopped) and have beaten recently. */
  activeRunners: number;
  engine: PartHealth;
  /** Whether build steps reach the package mirror (pip installs), among the runners whose engine answers. */
  buildNetwork: PartHealth;
}

/** The runners' part of `/api/health`: how many take jobs, and whether any of them reaches its engine and mirror. */
export async function runnersHealth(db: pg.Pool): Promise<RunnersHealth> {
  const rows = await typedSql(db)
    .selectFrom("runner_heartbeat")
    .select(["id", "engineProblem", "buildNetworkProblem"])
    .where("state", "=", "running")
    .where(sql<boolean>`'grade' = ANY(hosts)`)
    .where("lastSeenAt", ">", sql<Date>`now() - make_interval(secs => ${runnerTiming().leaseSeconds})`)
    .orderBy("lastSeenAt", "desc")
    .execute();
  const engine = partHealth(rows, (r) => r.engineProblem, "no runner is taking jobs");
  const withEngine = rows.filter((r) => r.engineProblem === null);
  const buildNetwork = partHealth(withEngine, (r) => r.buildNetworkProblem, "no runner reaches its Docker engine");
  return { activeRunners: rows.length, engine, buildNetwork };
}

/** Up while any runner reaches the part; down, with the newest runner's reason, when none does. */
function partHealth<R extends { id: string }>(rows: R[], problem: (r: R) => string | null, nobody: string): PartHealth {
  if (rows.length === 0) return { status: "unknown", reason: nobody };
  if (rows.some((r) => problem(r) === null)) return { status: "up" };
  const [first] = rows;
  const others = rows.length > 1 ? ` (and ${rows.length - 1} other runner(s))` : "";
  return { status: "down", reason: `runner ${first!.id}${others}: ${problem(first!)}` };
}
