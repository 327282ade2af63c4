import { requestJson } from "@/components/http/send-json";
import type { SessionEvent, TerminalInput } from "@/lib/sessions/session-protocol";
import { readSessionError } from "./session-errors";
import type { TerminalReading } from "./terminal-access";
import type { TerminalEndpoint } from "./terminal-endpoint";
import { endsTabShell, holdOutput, terminalOf } from "./terminal-tabs";
import { XtermScreen } from "./xterm-screen";

/** How long a hidden tab's output waits before the tab shows, so a reload's replay can say its shell ended. */
const RESTORE_AFTER_MS = 1000;

/** Printed by the page into a lab's other tabs when the lab closes (its host prints why in the first). */
const closedNote = (noun: string) => `\r\n\x1b[2m[the ${noun} is closed]\x1b[0m\r\n`;

/** The session as its terminals see it: its id once open, its latest status, and whether the page let it go. */
export interface LiveSession {
  id?: string;
  status?: string;
  disposed: boolean;
}

export type Screens = ReturnType<typeof sessionScreens>;

/** A session's terminals: the first in `element`, the others as their tabs come; output waits for a hidden tab. */
export function sessionScreens(
  element: HTMLElement,
  {
    endpoint,
    live,
    hintId,
    screenReader,
    setNotice,
    restore,
  }: {
    endpoint: TerminalEndpoint;
    live: LiveSession;
    hintId: string;
    screenReader: () => boolean;
    setNotice: (notice: string) => void;
    restore: (terminal: number) => void;
  },
) {
  const { limits, noun } = endpoint;
  const byNumber = new Map<number, XtermScreen>();
  // Output of tabs the page does not show, and the tabs the learner closed whose shells have not ended yet.
  let held: ReadonlyMap<number, string> = new Map();
  const ending = new Set<number>();
  let restoreTimer: ReturnType<typeof setTimeout> | undefined;

  const post = async (message: TerminalInput) => {
    const answer = await requestJson(`/api/sessions/${live.id}/input`, message);
    if (answer.status >= 400)
      throw new Error(readSessionError(answer.status, answer.body, endpoint.text.refused).message);
  };
  const screen = (n: number, on: HTMLElement) =>
    new XtermScreen(on, {
      limits,
      // The first terminal's messages name none, as a shell's.
      send: (message) => post(n === 0 ? message : { ...message, terminal: n }),
      onFailure: (err) => {
        if (live.disposed || live.status === "closed") return;
        const where = n === 0 ? "" : ` in terminal ${n + 1}`;
        setNotice(`Your typing${where} did not reach the ${noun}: ${(err as Error).message}`);
      },
      onDropped: (chars) =>
        setNotice(
          `${chars} characters of that paste were not sent: the ${noun} takes ${limits.pendingInputBytes / 1024} ` +
            "KB of waiting input at a time. Paste it in smaller parts.",
        ),
      screenReaderMode: screenReader(),
      describedBy: hintId,
    });
  const first = screen(0, element);
  byNumber.set(0, first);

  return {
    first,
    /** Tab `n`'s terminal, or the first while the tab has none. */
    tab: (n: number) => byNumber.get(n) ?? first,
    has: (n: number) => byNumber.has(n),
    numbers: () => [...byNumber.keys()],
    /** Output of terminal `n`: into its tab, or held until the page shows the tab (a shell still running there). */
    output: (event: Extract<SessionEvent, { type: "output" }>) => {
      const n = terminalOf(event);
      const tab = byNumber.get(n);
      if (tab) {
        tab.term.write(event.data.text);
        if (endsTabShell(event)) tab.ended = true;
        return;
      }
      if (n >= (endpoint.tabs ?? 1)) return;
      if (ending.has(n)) {
        if (endsTabShell(event)) ending.delete(n);
        return;
      }
      held = holdOutput(held, event);
      clearTimeout(restoreTimer);
      restoreTimer = setTimeout(() => {
        if (live.disposed || live.status === "closed") return;
        for (const terminal of held.keys()) restore(terminal);
      }, RESTORE_AFTER_MS);
    },
    /** Shows tab `n` in `on` with what it printed meanwhile, and sends its size; `fresh`: the learner opened it. */
    add: (n: number, on: HTMLElement, fresh: boolean) => {
      if (byNumber.has(n)) return;
      const tab = screen(n, on);
      byNumber.set(n, tab);
      ending.delete(n);
      const earlier = held.get(n);
      if (earlier !== undefined) {
        tab.term.write(earlier);
        held = new Map([...held].filter(([terminal]) => terminal !== n));
      }
      if (live.status === "closed") return tab.close(closedNote(noun));
      if (live.status === "open") tab.queue.start();
      // A new tab's size starts its shell; a shown again one's fits its shell to this page.
      tab.sendSize();
      if (fresh) tab.term.focus();
    },
    drop: (n: number) => {
      byNumber.get(n)?.dispose();
      byNumber.delete(n);
    },
    /** The learner closed tab `n`: its shell ends. */
    end: (n: number) => {
      const tab = byNumber.get(n);
      if (n === 0 || !tab || live.status === "closed") return;
      // Its note that the shell ended is the last of its output; a shell that had ended prints none.
      if (!tab.ended) ending.add(n);
      // After what the tab still had to send: a size sent later would start its shell again.
      void tab.queue
        .idle()
        .then(() => post({ type: "close-terminal", terminal: n }))
        .catch((err: Error) => {
          ending.delete(n);
          if (!live.disposed && live.status !== "closed") setNotice(`Terminal ${n + 1} did not close: ${err.message}`);
        });
    },
    /** The session opened: every tab sends what it queued, and tab `selected` takes the keyboard. */
    opened: (selected: number) => {
      for (const tab of byNumber.values()) tab.queue.start();
      (byNumber.get(selected) ?? first).term.focus();
    },
    /** The session closed: the lab's host says why in the first terminal; the others only stop. */
    closed: () => {
      clearTimeout(restoreTimer);
      for (const [n, tab] of byNumber) tab.close(n === 0 ? undefined : closedNote(noun));
    },
    shown: (n: number) => byNumber.get(n)?.fit(),
    screenReader: (on: boolean) => {
      for (const tab of byNumber.values()) tab.setScreenReaderMode(on);
    },
    read: (n: number): TerminalReading | undefined => {
      const tab = byNumber.get(n);
      return tab && { ...tab.recentText(), terminal: n };
    },
    dispose: () => {
      clearTimeout(restoreTimer);
      for (const tab of byNumber.values()) tab.dispose();
    },
  };
}
