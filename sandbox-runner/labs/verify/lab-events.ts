import type Docker from "dockerode";
import { type LabEngineEvent, parseEngineEvent } from "./lab-history";

/** A line of the event stream longer than this is not an event the lab's history reads: dropped, never buffered. */
const MAX_LINE_BYTES = 64 * 1024;

/**
 * Calls `onEvent` with every event of the lab's engine (a container created, attached, started or gone, a volume
 * or network made or removed, an image tagged), so a watcher re-reads the state at once and its history sees what
 * came and went between two reads. `since` (Unix seconds) replays what the engine still holds from then: a watcher
 * started again mid-lab learns how its containers were started. An event stream that ends (the engine restarting)
 * is opened again after a pause, from the last event it gave. Returns a stop function.
 */
export function followLabEvents(
  docker: Docker,
  onEvent: (event: LabEngineEvent) => void,
  options: { onError?: (err: unknown) => void; since?: number } = {},
): () => void {
  let stopped = false;
  let stream: NodeJS.ReadableStream | undefined;
  let retry: NodeJS.Timeout | undefined;
  let since = options.since;
  const open = async () => {
    try {
      const events = (await docker.getEvents({
        ...(since !== undefined ? { since } : {}),
        filters: { type: ["container", "volume", "network", "image"] },
      })) as NodeJS.ReadableStream & { destroy?: () => void };
      if (stopped) {
        events.destroy?.();
        return;
      }
      stream = events;
      let partial = "";
      events.on("data", (chunk: Buffer | string) => {
        partial += chunk.toString();
        const lines = partial.split("\n");
        partial = lines.pop() ?? "";
        if (partial.length > MAX_LINE_BYTES) partial = "";
        for (const line of lines) {
          const event = line.trim() && parseEngineEvent(line);
          if (!event) continue;
          // Reopened from the last event's own time (to the microsecond), so a reconnection replays no event twice.
          if (event.timeNano !== undefined) since = event.timeNano / 1e9;
          else if (event.time !== undefined) since = event.time;
          onEvent(event);
        }
      });
      events.on("end", reopen);
      events.on("error", (err: unknown) => {
        options.onError?.(err);
        reopen();
      });
    } catch (err) {
      options.onError?.(err);
      reopen();
    }
  };
  const reopen = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void open();
    }, 1000);
  };
  void open();
  return () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    (stream as { destroy?: () => void } | undefined)?.destroy?.();
  };
}
