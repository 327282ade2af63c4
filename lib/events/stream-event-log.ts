import "server-only";
import { eventBus } from "./event-bus";

const KEEPALIVE_MS = 15_000;
/** Events read per query; a full page means more may follow at once. */
const PAGE_SIZE = 500;

/** An insert+NOTIFY event log as a stream follows it: a submission's events, a sandbox session's. */
export interface FollowedLog<E extends { id: string; type: string; data: unknown }> {
  /** What the log's NOTIFYs are keyed by on the app's one LISTEN connection (./event-bus.ts). */
  key: string;
  /** Events after `afterId` in order, at most `limit`. */
  read(afterId: string, limit: number): Promise<E[]>;
  /** The log's last event: the stream ends after it. */
  isLast(event: E): boolean;
  /** Whether this reader is sent the event (absent: every one); one left out still moves the stream past it. */
  shows?(event: E): boolean;
  /**
   * For a reader whose right to read can end mid-stream (staff watching a learner's lab): runs each batch of sends
   * (a read and its events, a keepalive, the first line) inside, and resolves false without running it once the
   * reader may read no more. The stream then ends at once, with no further byte.
   */
  batch?(work: () => Promise<void>): Promise<boolean>;
}

/**
 * Server-Sent Events for one event log: replays everything after `lastEventId` (0 on a fresh page, the browser's
 * Last-Event-ID on reconnect), then follows NOTIFYs until the log's last event, then sends `end` and ends the
 * stream. The one follower of every "insert + NOTIFY" log, so each SSE route is only a `FollowedLog`.
 */
export function streamEventLog<E extends { id: string; type: string; data: unknown }>(
  log: FollowedLog<E>,
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
      const serially = (work: () => Promise<void>) => {
        reading = reading
          .then(async () => {
            if (closed) return;
            if (!log.batch) await work();
            else if (!(await log.batch(work))) close();
          })
          .catch((err) => {
            console.error("[sse] read failed", err);
            close();
          });
      };
      const pump = () =>
        serially(async () => {
          for (;;) {
            const events = await log.read(cursor, PAGE_SIZE);
            for (const event of events) {
              if (log.shows?.(event) !== false)
                send(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
              cursor = event.id;
              if (log.isLast(event)) {
                send("event: end\ndata: {}\n\n");
                close();
                return;
              }
            }
            if (events.length < PAGE_SIZE) return;
          }
        });
      // A batched reader's every byte passes its batch; the others' lines need no read.
      const sendLine = (line: string) => (log.batch ? serially(async () => send(line)) : send(line));

      signal.addEventListener("abort", close);
      sendLine("retry: 2000\n\n");
      unsubscribe = await eventBus().subscribe(log.key, pump);
      // Aborted while subscribing: close() found nothing to undo yet.
      if (closed) return unsubscribe();
      keepalive = setInterval(() => sendLine(": keepalive\n\n"), KEEPALIVE_MS);
      pump();
    },
    cancel() {
      closed = true;
      unsubscribe?.();
      clearInterval(keepalive);
    },
  });
}
