"use client";

import { createContext, useContext } from "react";

/**
 * Shows a file line of the exercise in the editor: switches to the file's tab, scrolls to the line, selects it
 * and focuses the editor. Takes "Dockerfile:12" as checks write locations; returns false for a location that
 * names no file of the exercise (then nothing moves).
 */
export type RevealLocation = (location: string) => boolean;

export const RevealLocationContext = createContext<RevealLocation>(() => false);

/** For anything under the exercise workspace (the instant checks, the report) that names a file line. */
export function useRevealLocation(): RevealLocation {
  return useContext(RevealLocationContext);
}
