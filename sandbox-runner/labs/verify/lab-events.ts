import type Docker from "dockerode";

/**
 * Calls `poke` on every event of the lab's engine (a container created, started or gone, a volume or network made
 * or removed, an image tagged), so a watcher re-reads the state at once instead of at its next interval. Returns a
 * stop function. An event stream that ends (the engine restarting) is opened again after a pause.
 */
export function followLabEvents(docker: Docker, poke: () => void, onError?: (err: unknown) => void): () => void {
  let stopped = false;
  let stream: NodeJS.ReadableStream | undefined;
  let retry: NodeJS.Timeout | undefined;
  const open = async () => {
    try {
      const events = (await docker.getEvents({
        filters: { type: ["container", "volume", "network", "image"] },
      })) as NodeJS.ReadableStream & { destroy?: () => void };
      if (stopped) {
        events.destroy?.();
        return;
      }
      stream = events;
      events.on("data", () => poke());
      events.on("end", reopen);
      events.on("error", (err: unknown) => {
        onError?.(err);
        reopen();
      });
    } catch (err) {
      onError?.(err);
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
