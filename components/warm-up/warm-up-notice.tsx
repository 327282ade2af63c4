"use client";

import { useEffect, useState } from "react";
import type { WarmUp } from "@/lib/platform/warm-up";
import { warmUpNotice } from "@/lib/platform/warm-up-notice";

const LOOK =
  "mt-4 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900 " +
  "dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100";

/** How often the page asks whether the warm-up is over: it takes minutes, so a glance every few seconds is enough. */
const CHECK_EVERY_MS = 5_000;

/**
 * Tells a learner on an exercise or lab page that their work will wait: `npm start` is still preparing the images (or
 * the lab host), so a submission or lab is queued, not refused, and is taken up once they are ready. The page renders
 * it with the state it read; while something still waits it checks `/api/health` again and goes away when nothing does.
 */
export function WarmUpNotice({ kind, initial }: { kind: "exercise" | "lab"; initial: WarmUp }) {
  const [warmUp, setWarmUp] = useState(initial);
  const text = warmUpNotice(kind, warmUp);
  const waiting = text !== undefined;

  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(async () => {
      try {
        const answer = await fetch("/api/health", { cache: "no-store" });
        // zod only now, not before interaction (test-support/first-load.test.ts).
        const { warmUpSchema } = await import("@/lib/platform/warm-up");
        const parsed = warmUpSchema.safeParse(((await answer.json()) as { warmUp?: unknown } | null)?.warmUp);
        if (parsed.success) setWarmUp(parsed.data);
      } catch {
        // The server restarting, or the network gone for a moment: the notice stays as it is until the next check.
      }
    }, CHECK_EVERY_MS);
    return () => clearInterval(timer);
  }, [waiting]);

  if (!text) return null;
  return (
    <p role="status" className={LOOK} data-testid="warm-up-notice">
      {text}
    </p>
  );
}
