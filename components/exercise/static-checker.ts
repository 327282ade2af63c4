import type { InstantReport } from "@/components/instant-report/instant-report";
import { type InstantCheckInput, instantFindings } from "./instant-findings";
import type { InstantCheckReply, InstantCheckRequest } from "./static-checks.worker";

export interface StaticChecker {
  check(input: InstantCheckInput): Promise<InstantReport>;
  dispose(): void;
}

interface Pending {
  input: InstantCheckInput;
  resolve: (report: InstantReport | Promise<InstantReport>) => void;
}

/**
 * Runs the instant checks in a Web Worker bundled with the app, or on the main thread when no worker can start
 * (or the one started fails to load): the findings are the same either way, only where the work happens differs.
 */
export function startStaticChecker(): StaticChecker {
  const worker = startWorker();
  if (!worker) return { check: instantFindings, dispose: () => {} };
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let failed = false;

  worker.addEventListener("message", (event: MessageEvent<InstantCheckReply>) => {
    pending.get(event.data.id)?.resolve(event.data.report);
    pending.delete(event.data.id);
  });
  worker.addEventListener("error", () => {
    failed = true;
    worker.terminate();
    for (const { input, resolve } of pending.values()) resolve(instantFindings(input));
    pending.clear();
  });

  return {
    check(input) {
      if (failed) return instantFindings(input);
      return new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, { input, resolve });
        const request: InstantCheckRequest = { id, input };
        worker.postMessage(request);
      });
    },
    dispose: () => worker.terminate(),
  };
}

function startWorker(): Worker | undefined {
  try {
    return new Worker(new URL("./static-checks.worker.ts", import.meta.url), { name: "instant-checks" });
  } catch {
    // No Worker here (an old browser, a test), or the page's policy forbids one.
    return undefined;
  }
}
