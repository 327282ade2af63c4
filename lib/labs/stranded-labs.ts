import type pg from "pg";
import { runnerAliveSql } from "../runners/liveness";
import { moveLab } from "./lab-store";

const RUNNER_DEAD =
  "The machine running your lab stopped answering, so the lab was closed, and everything in it (containers, " +
  "images, volumes and the files in its home) is gone. Tasks you finished stay finished: start the lab again to " +
  "carry on from a fresh engine.";

/**
 * SQL condition: the lab `alias` was claimed by a lab host that has since stopped beating (the one liveness rule,
 * lib/runners/liveness.ts; a host without a heartbeat row counts as dead). Nothing serves it any more, so it must
 * neither count against its learner's limit nor be reattached to. A queued lab is never stranded: it waits its turn
 * however long the queue is, and the page says where it stands.
 */
export function strandedLabSql(alias: string): string {
  return `(${alias}.status IN ('starting', 'open') AND NOT EXISTS (
            SELECT 1 FROM runner_heartbeat r WHERE r.id = ${alias}."runnerId" AND ${runnerAliveSql("r")}))`;
}

/**
 * Closes stranded labs (all of them, or one account's) through `moveLab`, so their pages read why; answers the ids
 * it closed. Live lab hosts sweep for dead ones at every heartbeat, and starting a lab sweeps its learner's first,
 * so the one-lab limit is never held by a lab nobody serves.
 */
export async function closeStrandedLabs(
  db: pg.Pool | pg.PoolClient,
  { userId }: { userId?: string } = {},
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT l.id FROM lab_session l
     WHERE ($1::text IS NULL OR l."userId" = $1) AND ${strandedLabSql("l")}`,
    [userId ?? null],
  );
  const closed: string[] = [];
  for (const { id } of rows) {
    const outcome = await moveLab(db, id, { to: "closed", reason: RUNNER_DEAD });
    if (outcome.moved) closed.push(id);
  }
  return closed;
}
