import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { streamSessionEvents } from "../sessions/stream-session-events";
import type { ShellStatus } from "./shell-lifecycle";
import type { StoredShellEvent } from "./shell-protocol";
import { ownShell } from "./shell-sessions";
import { SHELL_SESSIONS } from "./shell-store";

/**
 * Server-Sent Events for the opener's shell: its status moves and output after `lastEventId`, live, ending after
 * `closed`.
 */
export async function streamShellEvents(
  user: CurrentUser,
  sessionId: string,
  lastEventId: string,
  signal: AbortSignal,
): Promise<ReadableStream<Uint8Array>> {
  await ownShell(user.id, sessionId);
  return streamSessionEvents<ShellStatus, StoredShellEvent>(SHELL_SESSIONS, sessionId, lastEventId, signal);
}
