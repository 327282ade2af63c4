import "server-only";
import { relativeTo } from "../content/content-fault";
import { formatProblem } from "../content/content-problem";
import { contentRoot } from "../content/content-root";
import { liveAuthoring } from "../content/live-authoring";
import { RequestError } from "../errors/request-error";
import { type ContentEvent, type ContentWatcher, watchContent } from "./watch-content";

const KEEPALIVE_MS = 15_000;

// One watcher per server process and content folder. Next's dev server evaluates a module once per route bundle
// and again after each hot update, so the watcher lives on globalThis rather than in a module variable.
const WATCHERS = Symbol.for("dockyard.contentWatchers");

function devContentWatcher(): ContentWatcher {
  const scope = globalThis as { [WATCHERS]?: Map<string, ContentWatcher> };
  scope[WATCHERS] ??= new Map();
  const registry = scope[WATCHERS];
  const root = contentRoot();
  let watcher = registry.get(root);
  if (!watcher) {
    watcher = watchContent(root);
    // Subscribed before the first validation ends, so the terminal hears its result too.
    watcher.subscribe(logProblems);
    registry.set(root, watcher);
  }
  return watcher;
}

/** The terminal shows what the browser's panel shows, in the form editors can jump to. */
function logProblems(event: ContentEvent): void {
  if (event.type !== "problems") return;
  const lines = event.problems.map((p) => `  ${formatProblem(relativeTo(process.cwd(), p))}`);
  if (lines.length) console.warn(`[content] ${lines.length} problem(s):\n${lines.join("\n")}`);
  else console.log("[content] no problems");
}

/**
 * Server-Sent Events for live authoring: the current problems once the first validation is done, then `changed` (the
 * page should refresh) and `problems` (the new list) after every save under content/. File paths are relative to the
 * working directory (content/...), as in the terminal. Outside development there is nothing to stream: NOT_FOUND.
 */
export function liveAuthoringEvents(signal: AbortSignal): ReadableStream<Uint8Array> {
  if (!liveAuthoring())
    throw new RequestError("NOT_FOUND", "Live authoring events exist only on the development server (npm run author).");
  const watcher = devContentWatcher();
  const encoder = new TextEncoder();
  let stop = () => {};

  return new ReadableStream({
    start(controller) {
      let closed = false;
      const send = (event: ContentEvent) => {
        if (closed) return;
        const data =
          event.type === "changed"
            ? { files: event.files }
            : { problems: event.problems.map((p) => relativeTo(process.cwd(), p)) };
        controller.enqueue(encoder.encode(`event: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`));
      };
      const unsubscribe = watcher.subscribe(send);
      const keepalive = setInterval(() => {
        if (!closed) controller.enqueue(encoder.encode(": keepalive\n\n"));
      }, KEEPALIVE_MS);
      stop = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(keepalive);
      };
      signal.addEventListener("abort", () => {
        stop();
        try {
          controller.close();
        } catch {
          /* already closed by the client */
        }
      });
      controller.enqueue(encoder.encode("retry: 1000\n\n"));
      void watcher.ready.then(() => send({ type: "problems", problems: watcher.problems() }));
    },
    cancel() {
      stop();
    },
  });
}
