"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Renders the page again every `everyMs` while `active` and the tab is shown, to pick up what changed. */
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
