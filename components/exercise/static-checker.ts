import type { InstantReport } from "@/components/instant-report/instant-report";
import { type InstantCheckInput, instantFindings } from "./instant-findings";
import type { InstantCheckReply, InstantCheckRequest } from "./static-checks.worker";

export interface StaticChecker {
  check(input: InstantCheckInput): Promise<InstantReport>;
  dispose(): void;
}

type Pending = { input: InstantCheckInput; resolve: (report: InstantReport | Promise<InstantReport>) => void };

/** Runs the instant checks in a Web Worker, or on the main thread when none can start or it fails to load. */
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
        worker.postMessage({ id, input } satisfies InstantCheckRequest);
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
