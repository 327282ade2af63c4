// Free of React and xterm: the tabs of a lab's terminal as data, so that they can be tested as such.
import type { SessionEvent } from "@/lib/sessions/session-protocol";

/** The terminal tabs a page shows of one session, by the host's numbers (0, always there, is the first). */
export interface TabsState {
  open: readonly number[];
  selected: number;
}

export const FIRST_TAB: TabsState = { open: [0], selected: 0 };

/**
 * "open": the learner opened a tab (its number from `freeTerminal`), shown and selected; "restore": a tab whose shell
 * still runs (after a reload), shown, the selection left as is; "close": the one before it is selected (the first
 * cannot close); "reset": the page starts over on another session.
 */
export type TabsAction = { type: "open" | "restore" | "close" | "select"; terminal: number } | { type: "reset" };

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

/** What a key on the selected tab does (WAI-ARIA tabs: arrows, Home, End; Delete closes); undefined: not the tabs'. */
export function tabKeyAction(
  state: TabsState,
  key: string,
): { type: "select" | "close"; terminal: number } | undefined {
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

/** Whether an output event is the lab host's `ended` mark for a tab's shell (never read from the text). */
export function endsTabShell(event: Extract<SessionEvent, { type: "output" }>): boolean {
  return terminalOf(event) > 0 && event.data.ended === true;
}

/** Output of hidden tabs, kept by terminal until shown; an ended shell's is dropped. Returns a new map. */
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
