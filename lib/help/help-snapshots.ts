import { sql } from "kysely";
import type pg from "pg";
import { typedSql } from "../db/typed-sql";
import { EVENTS_CHANNEL } from "../events/event-channel";
import { type EngineSnapshot, engineSnapshotSchema } from "./engine-snapshot";

/**
 * What a help request's NOTIFYs on EVENTS_CHANNEL are keyed by (`<key>:<what changed>`), for a page that follows it
 * on the app's one LISTEN connection. Never a session's or a submission's id: those have no "help-" prefix.
 */
function helpEventKey(helpId: string): string {
  return `help-${helpId}`;
}

/**
 * The lab host's answer to a `snapshot` control message: what the lab's engine held, written into the help request's
 * snapshot (`engine`) and NOTIFYed in the same statement. Only the request that names `sessionId` takes it, so a host
 * can fill in nothing but the request asked from the lab it serves. True when a request was updated. No
 * "server-only": the lab host imports it through sandbox-runner/labs/lib.ts.
 */
export async function attachEngineSnapshot(
  db: pg.Pool | pg.PoolClient,
  helpId: string,
  sessionId: string,
  engine: EngineSnapshot,
): Promise<boolean> {
  const engineJson = JSON.stringify(engineSnapshotSchema.parse(engine));
  const set = { snapshot: sql`jsonb_set(snapshot, '{engine}', ${engineJson}::jsonb)`, updatedAt: sql<Date>`now()` };
  const mine = sql<boolean>`id = ${helpId} AND "sessionId" = ${sessionId}`;
  const notified = await typedSql(db)
    .with("u", (q) => q.updateTable("help_request").set(set).where(mine).returning("id"))
    .selectFrom("u")
    .select(sql`pg_notify(${EVENTS_CHANNEL}, ${helpEventKey(helpId)} || ':engine')`.as("n"))
    .execute();
  return notified.length > 0;
}
