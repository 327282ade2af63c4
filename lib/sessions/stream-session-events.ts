import "server-only";
import type pg from "pg";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { streamEventLog } from "../events/stream-event-log";
import { ownSession } from "./own-session";
import type { StoredSessionEvent } from "./session-protocol";
import { listSessionEventsAfter } from "./session-store";

/** Server-Sent Events of the caller's session after `lastEventId`, live, ending after `closed`. */
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
  /** Leave lab tasks' hints out (not their standing): help is closed while a timed assessment runs. */
  withoutHints?: boolean;
  /**
   * Staff watching one tab (lib/help/watch-session.ts) get its output, tasks and status moves (no previews), each
   * batch run by `whileShared`, reading on the client it hands, while the tab is shared (else it resolves false).
   */
  shared?: { tab: number; whileShared(work: (db: pg.PoolClient) => Promise<void>): Promise<boolean> };
}

/** The same stream for a caller that has already decided who may read it (lib/help's watching by staff). */
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
