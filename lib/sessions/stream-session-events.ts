import "server-only";
import type pg from "pg";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { streamEventLog } from "../events/stream-event-log";
import { ownSession } from "./own-session";
import type { StoredSessionEvent } from "./session-protocol";
import { listSessionEventsAfter } from "./session-store";

/**
 * Server-Sent Events for the caller's session: its status moves, output and (a lab) tasks and previews after
 * `lastEventId`, live, ending after `closed`. Every session's events share the app's one LISTEN connection, keyed by
 * the session id.
 */
export async function streamSessionEvents(
  user: CurrentUser,
  sessionId: string,
  lastEventId: string,
  signal: AbortSignal,
  options: FollowOptions = {},
): Promise<ReadableStream<Uint8Array>> {
  await ownSession(user.id, sessionId);
  return followSessionEvents(sessionId, lastEventId, signal, options);
}

export interface FollowOptions {
  /**
   * Leave lab tasks' hints out: help is closed for the reader (a timed assessment runs, lib/timed). The task's
   * standing still comes; what it is missing is help.
   */
  withoutHints?: boolean;
  /** A watch of one terminal tab by staff (lib/help/watch-session.ts): see `SharedTab`. */
  shared?: SharedTab;
}

/**
 * What staff watching a lab are sent: the output of the one tab the learner shares (with the tasks and the session's
 * status moves, which carry no tab's bytes; previews are the learner's alone), and only while the learner shares it.
 */
export interface SharedTab {
  tab: number;
  /**
   * Runs a batch of sends while the learner still shares `tab`, its reads on the database client it hands (the one
   * holding the share's row lock until the batch is sent); resolves false, without running it, once they do not.
   */
  whileShared(work: (db: pg.PoolClient) => Promise<void>): Promise<boolean>;
}

/**
 * The same stream with no question of who reads it: for a caller that has decided already (lib/help's read-only
 * watching by staff the learner let in). Reading only: input, resizing and closing stay `ownSession`'s.
 */
export function followSessionEvents(
  sessionId: string,
  lastEventId: string,
  signal: AbortSignal,
  options: FollowOptions = {},
): ReadableStream<Uint8Array> {
  const { shared } = options;
  // A shared tab's batch reads on its own client (batches run one at a time, so one variable serves).
  let db: pg.Pool | pg.PoolClient = pool();
  return streamEventLog(
    {
      key: sessionId,
      read: async (afterId, limit) => {
        const events = await listSessionEventsAfter(db, sessionId, afterId, limit);
        return options.withoutHints ? events.map(withoutHint) : events;
      },
      isLast: (event) => event.type === "status" && event.data.status === "closed",
      ...(shared && {
        shows: (event: StoredSessionEvent) =>
          event.type === "output" ? (event.data.terminal ?? 0) === shared.tab : event.type !== "preview",
        batch: (work: () => Promise<void>) =>
          shared.whileShared(async (client) => {
            db = client;
            try {
              await work();
            } finally {
              db = pool();
            }
          }),
      }),
    },
    lastEventId,
    signal,
  );
}

function withoutHint(event: StoredSessionEvent): StoredSessionEvent {
  if (event.type !== "task" || event.data.hint === undefined) return event;
  const { hint: _closed, ...data } = event.data;
  return { ...event, data };
}
