"use client";

import { createContext, useContext } from "react";
import type { Viewer } from "@/lib/progress/viewer";

/**
 * Who is reading, for pages that are the same for everyone (home, lessons) and so are served prerendered: the
 * browser asks once per page load, again after signing in or out or finishing a quiz, and when the tab is shown
 * again (the account may have changed in another tab). The root layout's `ViewerProvider` (layout/viewer.tsx) asks.
 */
export interface ViewerState {
  /** undefined until the platform has answered. */
  viewer: Viewer | undefined;
  /** Completed lesson slugs; undefined when signed out or not known yet (no progress to show). */
  completed: Set<string> | undefined;
  refresh(): Promise<void>;
}

export const ViewerContext = createContext<ViewerState>({
  viewer: undefined,
  completed: undefined,
  refresh: async () => {},
});

export function useViewer(): ViewerState {
  return useContext(ViewerContext);
}
