"use client";

import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { Viewer } from "@/lib/progress/viewer";

/**
 * Who is reading, for pages that are the same for everyone (home, lessons) and so are served prerendered: the
 * browser asks once per page load, again after signing in or out or finishing a quiz, and when the tab is shown
 * again (the account may have changed in another tab).
 */
interface ViewerState {
  /** undefined until the platform has answered. */
  viewer: Viewer | undefined;
  /** Completed lesson slugs; undefined when signed out or not known yet (no progress to show). */
  completed: Set<string> | undefined;
  refresh(): Promise<void>;
}

const ViewerContext = createContext<ViewerState>({
  viewer: undefined,
  completed: undefined,
  refresh: async () => {},
});

export function ViewerProvider({ children }: { children: ReactNode }) {
  const [viewer, setViewer] = useState<Viewer>();
  const refresh = useCallback(async () => {
    try {
      const response = await fetch("/api/me", { cache: "no-store" });
      // Unknown is shown as signed out: the pages then offer sign-in, and every action checks on the server anyway.
      setViewer(
        response.ok ? ((await response.json()) as Viewer) : { user: null, completedLessons: [], exercises: {} },
      );
    } catch {
      setViewer({ user: null, completedLessons: [], exercises: {} });
    }
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

export function useViewer(): ViewerState {
  return useContext(ViewerContext);
}
