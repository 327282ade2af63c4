"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Renders the page again every `everyMs` while `active` and the tab is shown: a staff page of an open request picks
 * up the learner's messages and the engine's snapshot once the lab host has read it.
 */
export function AutoRefresh({ active, everyMs = 5_000 }: { active: boolean; everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs, router]);
  return null;
}
