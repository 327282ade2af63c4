/** A session's or submission's event, as its SSE frame carries it: `event:` names the type, `data:` is JSON. */
export interface FollowedEvent {
  type: string;
  data: { text?: string; status?: string; message?: string; id?: string; done?: boolean };
}

/**
 * Reads an SSE stream as the browser reads it, handing each event to `onEvent` as it arrives. `failed()` is the
 * error that ended the stream early, if one did.
 */
export async function followEvents(
  url: string,
  cookie: string,
  onEvent: (event: FollowedEvent) => void,
): Promise<{ stop: () => Promise<void>; failed: () => unknown }> {
  const stream = await fetch(url, { headers: { cookie } });
  const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
  let error: unknown;
  void (async () => {
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const lines = buffer.slice(0, end).split("\n");
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf("\n\n");
        const field = (name: string) =>
          lines
            .find((l) => l.startsWith(`${name}:`))
            ?.slice(name.length + 1)
            .trim();
        const type = field("event");
        const data = field("data");
        if (type && data) onEvent({ type, data: JSON.parse(data) as FollowedEvent["data"] });
      }
    }
  })().catch((err) => {
    error = err;
  });
  return { stop: () => reader.cancel(), failed: () => error };
}
