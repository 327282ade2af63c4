import type pg from "pg";
import { EVENTS_CHANNEL } from "../events/event-channel";
import { type EngineSnapshot, engineSnapshotSchema } from "./engine-snapshot";

type Db = pg.Pool | pg.PoolClient;

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
  db: Db,
  helpId: string,
  sessionId: string,
  engine: EngineSnapshot,
): Promise<boolean> {
  const parsed = engineSnapshotSchema.parse(engine);
  const { rows } = await db.query(
    `WITH updated AS (
       UPDATE help_request SET snapshot = jsonb_set(snapshot, '{engine}', $3::jsonb), "updatedAt" = now()
        WHERE id = $1 AND "sessionId" = $2 RETURNING id)
     SELECT pg_notify($4, $5 || ':engine') FROM updated`,
    [helpId, sessionId, JSON.stringify(parsed), EVENTS_CHANNEL, helpEventKey(helpId)],
  );
  return rows.length > 0;
}
