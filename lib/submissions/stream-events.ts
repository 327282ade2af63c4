import "server-only";
import { pool } from "../db/pool";
import { eventBus } from "./event-bus";
import { listEventsAfter } from "./event-log";
import type { StoredSubmissionEvent } from "./event-types";
import { isFinalStatus } from "./lifecycle";

const KEEPALIVE_MS = 15_000;

/**
 * Server-Sent Events for one submission: replays everything after `lastEventId`
 * (0 on a fresh page, the browser's Last-Event-ID on reconnect), then follows
 * NOTIFYs until a final status, then ends the stream.
 */
export function streamSubmissionEvents(
  submissionId: string,
  lastEventId: string,
  signal: AbortSignal,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor = /^\d+$/.test(lastEventId) ? lastEventId : "0";
  let unsubscribe: (() => void) | undefined;
  let keepalive: NodeJS.Timeout | undefined;
  let closed = false;

  return new ReadableStream({
    async start(controller) {
      const close = () => {
        if (closed) return;
        closed = true;
        unsubscribe?.();
        clearInterval(keepalive);
        try {
          controller.close();
        } catch {
          /* already closed by the client */
        }
      };
      const send = (chunk: string) => {
        if (!closed) controller.enqueue(encoder.encode(chunk));
      };

      // Serialise reads so events are never sent twice or out of order.
      let reading = Promise.resolve();
      const pump = () => {
        reading = reading
          .then(async () => {
            if (closed) return;
            for (;;) {
              const events = await listEventsAfter(pool(), submissionId, cursor);
              for (const event of events) {
                send(format(event));
                cursor = event.id;
                if (isFinal(event)) {
                  send("event: end\ndata: {}\n\n");
                  close();
                  return;
                }
              }
              if (events.length < 500) return;
            }
          })
          .catch((err) => {
            console.error("[sse] read failed", err);
            close();
          });
      };

      signal.addEventListener("abort", close);
      send("retry: 2000\n\n");
      unsubscribe = await eventBus().subscribe(submissionId, pump);
      keepalive = setInterval(() => send(": keepalive\n\n"), KEEPALIVE_MS);
      pump();
    },
    cancel() {
      closed = true;
      unsubscribe?.();
      clearInterval(keepalive);
    },
  });
}

function isFinal(event: StoredSubmissionEvent): boolean {
  return event.type === "status" && isFinalStatus(event.data.status);
}

function format(event: StoredSubmissionEvent): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
}
