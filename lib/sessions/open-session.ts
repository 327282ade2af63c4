import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type pg from "pg";
import { pool } from "../db/pool";
import { inTransaction } from "../db/transaction";
import { typedSql } from "../db/typed-sql";
import { EVENTS_CHANNEL } from "../events/event-channel";
import { type LiveSession, liveSessions, queuePosition } from "./own-session";
import type { SessionKind, SessionStatus } from "./session-lifecycle";
import { notifySessionControl } from "./session-store";
import { closeStrandedSessions } from "./stranded-sessions";

/** What `POST /api/sessions` answers. */
export interface OpenedSession {
  id: string;
  status: SessionStatus;
  /** The caller already had this session (a reload, a second tab): follow it instead of a new one. */
  reattached: boolean;
  /** Its place in the queue (1: next to start); only while it is queued. */
  position?: number;
}

/** What a kind decides when one of its sessions is opened: which live one is the same, and who may have a new one. */
export interface OpeningRules {
  /** The live session to hand back instead of a new one (the same submission's shell, the same lab). */
  same(live: LiveSession): boolean;
  /**
   * Throws a RequestError when a new one may not open, else answers the kind's own columns of its row. Runs under
   * the lock only when no live one is the same, so a reattach ignores it.
   */
  admit(
    client: pg.PoolClient,
    live: LiveSession[],
  ): Promise<{ submissionId?: string; engineId?: string; labSlug?: string; fresh?: boolean }>;
  /** Recorded with the new row, in its transaction (staff opening a learner's image goes in the admin log). */
  opened?(client: pg.PoolClient, sessionId: string): Promise<void>;
}

/**
 * Opens a session of `kind` for the account, or hands back its live one on the same thing (resized to the page).
 * A per-account lock, taken after closing stranded sessions, keeps simultaneous opens to one live session; the
 * hosts hear of the row by NOTIFY once it is committed with its first status event.
 */
export async function openSession(
  userId: string,
  kind: SessionKind,
  { cols, rows }: { cols: number; rows: number },
  rules: OpeningRules,
): Promise<OpenedSession> {
  const { opened, engineId } = await inTransaction(
    async (client): Promise<{ opened: OpenedSession; engineId?: string }> => {
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`${kind}:${userId}`}))`.execute(typedSql(client));
      await closeStrandedSessions(client, { userId });
      // Oldest first: a refusal names the session the account has had longest.
      const live = (await liveSessions(client, userId, kind)).reverse();
      const same = live.find(rules.same);
      if (same) {
        await typedSql(client).updateTable("sandbox_session").set({ cols, rows }).where("id", "=", same.id).execute();
        return { opened: { id: same.id, status: same.status, reattached: true } };
      }
      const own = await rules.admit(client, live);
      const id = randomUUID();
      const session = { id, kind, userId, ...own, cols, rows, fresh: own.fresh ?? false };
      const queued = sql`SELECT id, 'status', '{"status":"queued"}' FROM s`;
      await typedSql(client)
        .with("s", (db) => db.insertInto("sandbox_session").values(session).returning("id"))
        .with("e", (db) =>
          db.insertInto("session_event").columns(["sessionId", "type", "data"]).expression(queued).returning("id"),
        )
        .selectFrom("e")
        .select(sql`pg_notify(${EVENTS_CHANNEL}, ${id} || ':' || id::text)`.as("n"))
        .execute();
      await rules.opened?.(client, id);
      return { opened: { id, status: "queued", reattached: false }, engineId: own.engineId };
    },
  );
  if (!opened.reattached) {
    await notifySessionControl(pool(), { kind: "request", sessionId: opened.id, sessionKind: kind, engineId });
  } else if (opened.status === "open") {
    await notifySessionControl(pool(), { kind: "resize", sessionId: opened.id, cols, rows });
  }
  const position = opened.status === "queued" ? await queuePosition(pool(), opened.id) : undefined;
  return position === undefined ? opened : { ...opened, position };
}
