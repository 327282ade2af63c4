import type pg from "pg";
import { runnerAliveSql } from "../runners/liveness";
import { LIVE_SHELL_STATUSES } from "./shell-lifecycle";
import { SHELL_LIMITS } from "./shell-limits";
import { moveShell } from "./shell-store";

/** A shell closed because nobody could serve it any more, and why. */
export interface StrandedShell {
  sessionId: string;
  why: "runner-dead" | "unclaimed";
}

const STRANDED_REASONS: Record<StrandedShell["why"], string> = {
  "runner-dead":
    "The grading machine serving this shell stopped answering, so the shell was closed and its container " +
    "removed. Open the shell again; anything you wrote inside it is gone.",
  unclaimed:
    `No grading machine that holds this image started the shell within ${SHELL_LIMITS.claimSeconds} seconds (it ` +
    "may be busy with other shells, or restarting). Try again in a minute; if it keeps failing, submit again to " +
    "build the image afresh.",
};

/**
 * SQL condition: the live shell `alias` can no longer be served: no runner claimed its request in time, or the
 * runner that holds it stopped beating (the one liveness rule, lib/runners/liveness.ts; a runner without a
 * heartbeat row counts as dead). Such a shell must neither count against its opener's limit nor be reattached to.
 */
export function strandedShellSql(alias: string): string {
  const holderAlive = `EXISTS (SELECT 1 FROM runner_heartbeat r
                               WHERE r.id = ${alias}."runnerId" AND ${runnerAliveSql("r")})`;
  return `((${alias}.status = 'requested'
            AND ${alias}."createdAt" < now() - make_interval(secs => ${SHELL_LIMITS.claimSeconds}))
        OR (${alias}.status IN ('starting', 'open') AND NOT ${holderAlive}))`;
}

/**
 * Closes stranded shells (all of them, or one account's) through `moveShell`, so their pages read why. Runners
 * close their own shells in the normal course; live runners sweep for dead ones at every heartbeat, and opening a
 * shell sweeps the opener's first, so a limit is never held by a shell nobody serves.
 */
export async function closeStrandedShells(
  db: pg.Pool | pg.PoolClient,
  { userId }: { userId?: string } = {},
): Promise<StrandedShell[]> {
  const { rows } = await db.query<StrandedShell>(
    `SELECT s.id AS "sessionId", CASE WHEN s.status = 'requested' THEN 'unclaimed' ELSE 'runner-dead' END AS why
     FROM shell_session s
     WHERE s.status::text = ANY($1::text[]) AND ($2::text IS NULL OR s."userId" = $2) AND ${strandedShellSql("s")}`,
    [LIVE_SHELL_STATUSES, userId ?? null],
  );
  const closed: StrandedShell[] = [];
  for (const shell of rows) {
    const outcome = await moveShell(db, shell.sessionId, { to: "closed", reason: STRANDED_REASONS[shell.why] });
    if (outcome.moved) closed.push(shell);
  }
  return closed;
}
