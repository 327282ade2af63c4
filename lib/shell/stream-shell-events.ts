import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { pool } from "../db/pool";
import { streamEventLog } from "../submissions/stream-events";
import type { StoredShellEvent } from "./shell-protocol";
import { ownShell } from "./shell-sessions";
import { listShellEventsAfter } from "./shell-store";

/**
 * Server-Sent Events for the opener's shell: its status moves and output after `lastEventId`, live, ending after
 * `closed`. The shell's events share the app's one LISTEN connection, keyed by the session id.
 */
export async function streamShellEvents(
  user: CurrentUser,
  sessionId: string,
  lastEventId: string,
  signal: AbortSignal,
): Promise<ReadableStream<Uint8Array>> {
  await ownShell(user.id, sessionId);
  return streamEventLog<StoredShellEvent>(
    {
      key: sessionId,
      read: (afterId, limit) => listShellEventsAfter(pool(), sessionId, afterId, limit),
      isLast: (event) => event.type === "status" && event.data.status === "closed",
    },
    lastEventId,
    signal,
  );
}
