import { type Dispatch, type RefObject, useEffect, useRef } from "react";
import { publishShownTabs } from "./shown-tabs";
import type { Screens } from "./terminal-screens";
import { FIRST_TAB, freeTerminal, type TabsAction, type TabsState } from "./terminal-tabs";

/** A lab's terminal tabs: each tab's element (`hostRef`) and xterm, opening and closing, `session.selected`. */
export function useTerminalTabs(
  [tabs, dispatchTabs]: [TabsState, Dispatch<TabsAction>],
  { screens, selected }: { screens: RefObject<Screens | null>; selected: RefObject<number> },
  limit: number,
) {
  // The elements of the tabs past the first, and the tabs the learner just opened (their shells to start).
  const hosts = useRef(new Map<number, HTMLElement>());
  const freshTabs = useRef(new Set<number>());

  // The tabs past the first get their xterms once their elements are there, and lose them when they close.
  useEffect(() => {
    const live = screens.current;
    if (!live) return;
    for (const n of tabs.open) {
      const element = hosts.current.get(n);
      if (n > 0 && element && !live.has(n)) live.add(n, element, freshTabs.current.delete(n));
    }
    for (const n of live.numbers()) if (!tabs.open.includes(n)) live.drop(n);
  }, [tabs.open, screens]);

  // The help panel shares the tab the learner is on with staff watching (components/help).
  useEffect(() => publishShownTabs(tabs), [tabs]);
  useEffect(() => () => publishShownTabs(FIRST_TAB), []);

  // A tab shown again fits its terminal to its element, whose size may have changed while it was hidden.
  useEffect(() => {
    selected.current = tabs.selected;
    screens.current?.shown(tabs.selected);
  }, [tabs.selected, selected, screens]);

  /** The ref callback of tab `n`'s element (past the first). */
  const hostRef = (n: number) => (element: HTMLElement | null) => {
    if (element) hosts.current.set(n, element);
    else hosts.current.delete(n);
  };

  const openTab = () => {
    const n = freeTerminal(tabs.open, limit);
    if (n === undefined) return;
    freshTabs.current.add(n);
    dispatchTabs({ type: "open", terminal: n });
  };
  const closeTab = (n: number) => {
    screens.current?.end(n);
    dispatchTabs({ type: "close", terminal: n });
  };
  return { hostRef, openTab, closeTab };
}
