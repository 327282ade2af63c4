import type pg from "pg";

/** How often a runner writes its heartbeat row. */
export const RUNNER_HEARTBEAT_SECONDS = 10;

/**
 * Seconds without a heartbeat after which a runner counts as dead: its running submissions may be picked up again
 * and its containers reaped. Six missed beats, so a runner busy with a heavy build is never declared dead by mistake.
 */
export const RUNNER_DEAD_AFTER_SECONDS = 60;

/**
 * SQL condition: the runner row `alias` is alive (not stopped, beaten within the window). Draining runners count:
 * they still finish what they hold. One rule for the runner's in-flight check and the instructor's dashboard.
 */
export function runnerAliveSql(alias: string): string {
  const window = `make_interval(secs => ${RUNNER_DEAD_AFTER_SECONDS})`;
  return `(${alias}.state <> 'stopped' AND ${alias}."lastSeenAt" > now() - ${window})`;
}

/** Runners that are taking jobs (not draining or stopped) and have beaten recently. */
export async function activeRunnerCount(db: Pick<pg.Pool, "query">): Promise<number> {
  const { rows } = await db.query<{ runners: number }>(
    `SELECT count(*)::int AS runners FROM runner_heartbeat
     WHERE state = 'running' AND "lastSeenAt" > now() - make_interval(secs => $1)`,
    [RUNNER_DEAD_AFTER_SECONDS],
  );
  return rows[0]?.runners ?? 0;
}
