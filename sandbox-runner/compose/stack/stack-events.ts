import { createInterface } from "node:readline";
import type Docker from "dockerode";
import { type StackEvent, stackEventAction } from "./start-order";

/**
 * Records the engine's container events of one Compose project (starts and healthy reports) from now until
 * `stop`: the start order's evidence, in the engine's own clock.
 */
export async function collectStackEvents(docker: Docker, project: string) {
  const events: StackEvent[] = [];
  const stream = (await docker.getEvents({
    filters: { type: ["container"], label: [`com.docker.compose.project=${project}`] },
  })) as NodeJS.ReadableStream & { destroy?: () => void };
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on("line", (line) => {
    let event: { status?: string; Action?: string; timeNano?: number; Actor?: { Attributes?: Record<string, string> } };
    try {
      event = JSON.parse(line);
    } catch {
      // A line cut by stop(): nothing to record.
      return;
    }
    const action = stackEventAction(event.status ?? event.Action);
    const service = event.Actor?.Attributes?.["com.docker.compose.service"];
    if (action && service && event.timeNano) events.push({ service, action, at: event.timeNano / 1e6 });
  });
  // The engine ends the stream when it stops or the connection drops; what came until then stands.
  stream.on("error", () => {});
  return {
    list: (): readonly StackEvent[] => events,
    stop: () => {
      lines.close();
      stream.destroy?.();
    },
  };
}
