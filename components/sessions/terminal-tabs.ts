// Free of React and xterm: the tabs of a lab's terminal as data, so that they can be tested as such.
import type { SessionEvent } from "@/lib/sessions/session-protocol";

/**
 * The terminal tabs a page shows of one session, by the host's numbers (0 the session's first terminal, always
 * there), in that order, and the one selected. A shell has the first alone.
 */
export interface TabsState {
  open: readonly number[];
  selected: number;
}

export const FIRST_TAB: TabsState = { open: [0], selected: 0 };

export type TabsAction =
  /** The learner opened a tab (its number from `freeTerminal`): it is shown and selected. */
  | { type: "open"; terminal: number }
  /** A tab the page did not show whose shell still runs (after a reload): shown, the selection left as it is. */
  | { type: "restore"; terminal: number }
  /** The learner closed a tab: the one before it is selected (the first tab cannot be closed). */
  | { type: "close"; terminal: number }
  | { type: "select"; terminal: number }
  /** The page starts over on another session. */
  | { type: "reset" };

export function tabsReducer(state: TabsState, action: TabsAction): TabsState {
  const { open, selected } = state;
  switch (action.type) {
    case "open":
    case "restore": {
      const n = action.terminal;
      const added = open.includes(n) || n < 1 ? open : [...open, n].sort((a, b) => a - b);
      const next = action.type === "open" && added.includes(n) ? n : selected;
      return added === open && next === selected ? state : { open: added, selected: next };
    }
    case "close": {
      const at = open.indexOf(action.terminal);
      if (action.terminal === 0 || at < 0) return state;
      return {
        open: open.filter((n) => n !== action.terminal),
        selected: selected === action.terminal ? open[at - 1]! : selected,
      };
    }
    case "select":
      return open.includes(action.terminal) && action.terminal !== selected
        ? { open, selected: action.terminal }
        : state;
    case "reset":
      return open.length === 1 && selected === 0 ? state : FIRST_TAB;
  }
}

/** The lowest terminal number no tab has, below `limit` (how many a session may have); undefined at the limit. */
export function freeTerminal(open: readonly number[], limit: number): number | undefined {
  for (let n = 1; n < limit; n++) if (!open.includes(n)) return n;
  return undefined;
}

/**
 * What a key pressed on the selected tab does (the WAI-ARIA tabs pattern, selection following focus): the arrows
 * move to the tab beside it, round the ends, Home and End to the first and the last; Delete closes it (not the
 * first). Undefined: the key is not the tabs'.
 */
export function tabKeyAction(
  state: TabsState,
  key: string,
): { type: "select"; terminal: number } | { type: "close"; terminal: number } | undefined {
  const { open, selected } = state;
  const at = Math.max(0, open.indexOf(selected));
  const to = (index: number) => ({ type: "select" as const, terminal: open[(index + open.length) % open.length]! });
  switch (key) {
    case "ArrowRight":
      return to(at + 1);
    case "ArrowLeft":
      return to(at - 1);
    case "Home":
      return to(0);
    case "End":
      return to(open.length - 1);
    case "Delete":
      return selected === 0 ? undefined : { type: "close", terminal: selected };
    default:
      return undefined;
  }
}

/** Which terminal printed an output event: a lab's tab by its number, the first when it names none (any shell's). */
export function terminalOf(event: Extract<SessionEvent, { type: "output" }>): number {
  return event.data.terminal ?? 0;
}

/**
 * Whether an output event is the lab host's mark that a tab's shell ended (`ended`, set by the host alone, never
 * read from the text, which the lab could print too): its last output, after which the tab's next keystroke starts
 * a new shell.
 */
export function endsTabShell(event: Extract<SessionEvent, { type: "output" }>): boolean {
  return terminalOf(event) > 0 && event.data.ended === true;
}

/**
 * Output of tabs the page does not show, kept by terminal until the page shows them (a reload finds a tab's shell
 * still running and its output replayed): a shell's output that ends with its note is dropped, as nothing is left
 * to show of it. Returns the new map; `held` is not changed.
 */
export function holdOutput(
  held: ReadonlyMap<number, string>,
  event: Extract<SessionEvent, { type: "output" }>,
): ReadonlyMap<number, string> {
  const terminal = terminalOf(event);
  const next = new Map(held);
  if (endsTabShell(event)) next.delete(terminal);
  else next.set(terminal, (held.get(terminal) ?? "") + event.data.text);
  return next;
}
