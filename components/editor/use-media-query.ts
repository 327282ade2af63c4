"use client";

import { useSyncExternalStore } from "react";

/**
 * Whether a media query matches now, following changes live (the system switching to dark mode, a phone turned
 * sideways). False while rendering on the server and hydrating, so the first paint is the same everywhere.
 */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (notify) => {
      const list = window.matchMedia(query);
      list.addEventListener("change", notify);
      return () => list.removeEventListener("change", notify);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}
