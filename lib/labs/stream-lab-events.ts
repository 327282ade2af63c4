import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { streamEventLog } from "../submissions/stream-events";
import type { StoredLabEvent } from "./lab-protocol";
import { ownLab } from "./lab-sessions";
import { listLabEventsAfter } from "./lab-store";

/**
 * Server-Sent Events for the learner's lab: its status moves, terminal output, task standings and preview answers
 * after `lastEventId`, live, ending after `closed`. The lab's events share the app's one LISTEN connection, keyed by
 * the session id.
 */
export async function streamLabEvents(
  user: CurrentUser,
  sessionId: string,
  lastEventId: string,
  signal: AbortSignal,
): Promise<ReadableStream<Uint8Array>> {
  await ownLab(user.id, sessionId);
  return streamEventLog<StoredLabEvent>(
    {
      key: sessionId,
      read: (afterId, limit) => listLabEventsAfter(pool(), sessionId, afterId, limit),
      isLast: (event) => event.type === "status" && event.data.status === "closed",
    },
    lastEventId,
    signal,
  );
}
