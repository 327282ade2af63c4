import "server-only";
import type { CurrentUser } from "../auth/current-user";
import { streamSessionEvents } from "../sessions/stream-session-events";
import type { LabStatus } from "./lab-lifecycle";
import type { StoredLabEvent } from "./lab-protocol";
import { ownLab } from "./lab-sessions";
import { LAB_SESSIONS } from "./lab-store";

/**
 * Server-Sent Events for the learner's lab: its status moves, terminal output, task standings and preview answers
 * after `lastEventId`, live, ending after `closed`.
 */
export async function streamLabEvents(
  user: CurrentUser,
  sessionId: string,
  lastEventId: string,
  signal: AbortSignal,
): Promise<ReadableStream<Uint8Array>> {
  await ownLab(user.id, sessionId);
  return streamSessionEvents<LabStatus, StoredLabEvent>(LAB_SESSIONS, sessionId, lastEventId, signal);
}
