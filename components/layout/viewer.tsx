"use client";

import { type ReactNode, useCallback, useEffect, useMemo, useState } from "react";
import { ViewerContext, type ViewerState } from "@/components/viewer/viewer";
import type { Viewer } from "@/lib/progress/viewer";

/** Who is reading (viewer/viewer.ts), asked of the platform once for the whole page by the root layout. */
export function ViewerProvider({ children }: { children: ReactNode }) {
  const [viewer, setViewer] = useState<Viewer>();
  const refresh = useCallback(async () => {
    // Unknown is shown as signed out: the pages then offer sign-in, and every action checks on the server anyway.
    const response = await fetch("/api/me", { cache: "no-store" }).catch(() => undefined);
    const known = response?.ok ? ((await response.json().catch(() => undefined)) as Viewer | undefined) : undefined;
    setViewer(known ?? { user: null, completedLessons: [], exercises: {} });
  }, []);
  useEffect(() => {
    void refresh();
    // Signing in or out in another tab changes who reads this one too: ask again when the learner comes back to it.
    const onVisible = () => {
      if (document.visibilityState === "visible") void refresh();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [refresh]);
  const value = useMemo<ViewerState>(
    () => ({ viewer, completed: viewer?.user ? new Set(viewer.completedLessons) : undefined, refresh }),
    [viewer, refresh],
  );
  return <ViewerContext.Provider value={value}>{children}</ViewerContext.Provider>;
}
