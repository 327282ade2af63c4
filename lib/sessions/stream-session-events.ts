import "server-only";
import { pool } from "../db/pool";
import { streamEventLog } from "../submissions/stream-events";
import { listSessionEventsAfter, type SessionKind } from "./session-store";

/**
 * Server-Sent Events for a session its caller may read (the caller checks): its events after `lastEventId`, live,
 * ending after `closed`. Every session's events share the app's one LISTEN connection, keyed by the session id.
 */
export function streamSessionEvents<S extends string, E extends { id: string; type: string; data: unknown }>(
  kind: SessionKind<S>,
  sessionId: string,
  lastEventId: string,
  signal: AbortSignal,
): ReadableStream<Uint8Array> {
  return streamEventLog<E>(
    {
      key: sessionId,
      read: (afterId, limit) => listSessionEventsAfter<S, E>(pool(), kind, sessionId, afterId, limit),
      isLast: (event) => event.type === "status" && (event.data as { status?: string }).status === "closed",
    },
    lastEventId,
    signal,
  );
}
