// Free of xterm: which terminal tabs the page's lab shows, for the page's other parts (the help panel shares one).
import { useSyncExternalStore } from "react";
import { FIRST_TAB, type TabsState } from "./terminal-tabs";

let shown: TabsState = FIRST_TAB;
const listeners = new Set<() => void>();

/** The session terminal says which tabs it shows and which one is selected (one terminal per page). */
export function publishShownTabs(tabs: TabsState): void {
  if (tabs === shown) return;
  shown = tabs;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The page's terminal tabs; the first alone before a terminal shows (and on the server). */
export function useShownTabs(): TabsState {
  return useSyncExternalStore(
    subscribe,
    () => shown,
    () => FIRST_TAB,
  );
}
