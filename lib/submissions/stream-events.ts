import "server-only";
import { pool } from "../db/pool";
import { streamEventLog } from "../events/stream-event-log";
import { listEventsAfter } from "./event-log";
import type { StoredSubmissionEvent } from "./event-types";
import { isFinalStatus } from "./lifecycle";

/** A submission's events, until its final status. */
export function streamSubmissionEvents(
  submissionId: string,
  lastEventId: string,
  signal: AbortSignal,
): ReadableStream<Uint8Array> {
  return streamEventLog<StoredSubmissionEvent>(
    {
      key: submissionId,
      read: (afterId, limit) => listEventsAfter(pool(), submissionId, afterId, limit),
      isLast: (event) => event.type === "status" && isFinalStatus(event.data.status),
    },
    lastEventId,
    signal,
  );
}
