import "server-only";
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
  return streamEventLog(
    {
      key: sessionId,
      read: async (afterId, limit) => {
        const events = await listSessionEventsAfter(pool(), sessionId, afterId, limit);
        return options.withoutHints ? events.map(withoutHint) : events;
      },
      isLast: (event) => event.type === "status" && event.data.status === "closed",
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
