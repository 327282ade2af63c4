"use client";

// xterm's own stylesheet, bundled with this chunk: the terminal never loads anything from another site.
import "@xterm/xterm/css/xterm.css";
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { focusWasLost } from "@/components/http/focus-result";
import { usePreferences } from "@/components/layout/preferences";
import type { SessionEvent, TerminalInput } from "@/lib/sessions/session-protocol";
import { elapsed, queueNote } from "./queue-note";
import { readSessionError } from "./session-errors";
import { parseSessionMessage } from "./shell-messages";
import { publishShownTabs } from "./shown-tabs";
import { TerminalAccess, type TerminalReading } from "./terminal-access";
import { requestJson, type TerminalEndpoint } from "./terminal-endpoint";
import { TerminalTabBar, terminalPanelId, terminalTabId } from "./terminal-tab-bar";
import { endsTabShell, FIRST_TAB, freeTerminal, holdOutput, tabsReducer, terminalOf } from "./terminal-tabs";
import { XtermScreen } from "./xterm-screen";

/** What the panel beside the terminal may do with it: type a suggested command (without Enter). */
export interface TerminalHandle {
  type: (text: string) => void;
}

/** The session the terminal follows, as its page may want to know it (a lab page's preview, its tasks). */
export interface TerminalSession {
  id: string;
  status: string;
}

type Phase =
  | { kind: "opening" }
  | { kind: "live"; id: string; status: string; message?: string }
  | { kind: "refused"; message: string; otherId?: string };

/** How often a queued session asks where it stands in the queue. */
const QUEUE_POLL_MS = 3000;
/** The SSE event names of a session's stream (lib/sessions/session-protocol.ts), and the default one. */
const EVENT_TYPES = ["output", "status", "task", "preview", "message"] as const;
/**
 * How long output of a tab the page does not show may go quiet before the tab is shown: a reload replays every
 * tab's output, and a tab whose shell ended since (its note arrives in the same replay) is not shown again.
 */
const RESTORE_AFTER_MS = 1000;

/** What a session's stream tells its page besides output and status: a lab's tasks and previews. */
export type SessionNews = Extract<SessionEvent, { type: "task" | "preview" }>;
/** After closing the account's other session, how often to ask again while the runner is still taking it down. */
const TAKE_OVER_TRIES = 10;

/** Printed by the page into a lab's other tabs when the lab closes (its host prints why in the first). */
const closedNote = (noun: string) => `\r\n\x1b[2m[the ${noun} is closed]\x1b[0m\r\n`;

/** The terminals of the session, as the long-lived effect lets the tabs use them. */
interface Screens {
  has: (n: number) => boolean;
  numbers: () => number[];
  /**
   * Shows tab `n` in `element`, with what it printed while the page did not show it, and sends its size (which
   * starts its shell, when it has none); `fresh`: the learner opened it, and types there next.
   */
  add: (n: number, element: HTMLElement, fresh: boolean) => void;
  /** The tab is gone from the page: its xterm goes too. */
  drop: (n: number) => void;
  /** The learner closed tab `n`: its shell ends. */
  end: (n: number) => void;
  /** Tab `n` was shown again: its xterm fits its element. */
  shown: (n: number) => void;
  /** Every tab's xterm in screen-reader mode, or none. */
  screenReader: (on: boolean) => void;
  /** Tab `n`'s latest output as plain text. */
  read: (n: number) => TerminalReading | undefined;
}

export interface SessionTerminalProps {
  /** Kept stable by the caller (a module constant or a memo): a new one starts the terminal over. */
  endpoint: TerminalEndpoint;
  /** The account's other session, already asked to close: keep asking while it is still being taken down. */
  takeOver?: string;
  onHandle?: (handle: TerminalHandle | null) => void;
  /** Start over with a new terminal: after a close, or to take over from another session (its id). */
  onRestart: (takeOver?: string) => void;
  onSession?: (session: TerminalSession | null) => void;
  /** Events of the stream that are neither output nor a status (a lab's tasks and previews). */
  onEvent?: (event: SessionNews) => void;
}

/**
 * A terminal attached to one session of `endpoint`: opens it (or reattaches to the account's live one), follows its
 * events, sends keystrokes through an ordered queue and closes it on request (and with the page, when the endpoint
 * says so). Loaded only in the browser (xterm needs a DOM).
 *
 * A session of several terminals (a lab's, `endpoint.tabs`) shows them as tabs once it is open: each tab an xterm of
 * its own with its own input queue, kept (hidden, still laid out) while another tab is selected so its screen stays
 * as it was; output goes to the tab it names, and a tab's first message (its size) starts its shell.
 */
export function SessionTerminal({ endpoint, takeOver, onHandle, onRestart, onSession, onEvent }: SessionTerminalProps) {
  const host = useRef<HTMLElement>(null);
  const [phase, setPhase] = useState<Phase>({ kind: "opening" });
  const [notice, setNotice] = useState<string | null>(null);
  const [closing, setClosing] = useState(false);
  // Read from inside the long-lived effect: a page's new callbacks must not start the terminal over.
  const listeners = useRef({ onSession, onEvent });
  useEffect(() => {
    listeners.current = { onSession, onEvent };
  }, [onSession, onEvent]);
  const [position, setPosition] = useState<number | undefined>();
  const [waitSeconds, setWaitSeconds] = useState<number | undefined>();
  // Pressed Close and the session has not closed yet: a lab says it keeps the work meanwhile (text.closing).
  const [closeAsked, setCloseAsked] = useState<string | undefined>();
  const { noun } = endpoint;
  const tabLimit = endpoint.tabs ?? 1;
  const [tabs, dispatchTabs] = useReducer(tabsReducer, FIRST_TAB);
  // Whether the session was ever open: its tabs show from then on, closed or not.
  const [opened, setOpened] = useState(false);
  const screens = useRef<Screens | null>(null);
  // The elements of the tabs past the first, and the tabs the learner just opened (their shells to start).
  const hosts = useRef(new Map<number, HTMLElement>());
  const hostRefs = useRef(new Map<number, (element: HTMLElement | null) => void>());
  const freshTabs = useRef(new Set<number>());
  const selected = useRef(0);
  const { terminalScreenReader, setPreferences } = usePreferences();
  // Read when a tab's xterm is made; declared before the effect that makes them, so it is current then.
  const screenReader = useRef(terminalScreenReader);
  useEffect(() => {
    screenReader.current = terminalScreenReader;
    screens.current?.screenReader(terminalScreenReader);
  }, [terminalScreenReader]);
  const hintId = `${noun}-keys-hint`;

  useEffect(() => {
    const element = host.current;
    if (!element) return;

    let disposed = false;
    let source: EventSource | undefined;
    let sessionId: string | undefined;
    let status: string | undefined;
    const { limits } = endpoint;
    const byNumber = new Map<number, XtermScreen>();
    // Output of tabs the page does not show, and the tabs the learner closed whose shells have not ended yet.
    let held: ReadonlyMap<number, string> = new Map();
    const ending = new Set<number>();
    let restoreTimer: ReturnType<typeof setTimeout> | undefined;

    const show = (id: string, next: string, message?: string) => {
      status = next;
      setPhase({ kind: "live", id, status: next, message });
      if (next === "open") setOpened(true);
      listeners.current.onSession?.({ id, status: next });
    };

    const post = async (message: TerminalInput) => {
      const answer = await requestJson(`/api/sessions/${sessionId}/input`, message);
      if (answer.status >= 400)
        throw new Error(readSessionError(answer.status, answer.body, endpoint.text.refused).message);
    };
    const screen = (n: number, on: HTMLElement) =>
      new XtermScreen(on, {
        limits,
        // The first terminal's messages name none, as a shell's.
        send: (message) => post(n === 0 ? message : { ...message, terminal: n }),
        onFailure: (err) => {
          if (disposed || status === "closed") return;
          const where = n === 0 ? "" : ` in terminal ${n + 1}`;
          setNotice(`Your typing${where} did not reach the ${noun}: ${(err as Error).message}`);
        },
        onDropped: (chars) =>
          setNotice(
            `${chars} characters of that paste were not sent: the ${noun} takes ${limits.pendingInputBytes / 1024} ` +
              "KB of waiting input at a time. Paste it in smaller parts.",
          ),
        screenReaderMode: screenReader.current,
        describedBy: hintId,
      });
    const first = screen(0, element);
    byNumber.set(0, first);

    onHandle?.({
      type: (text: string) => {
        const into = byNumber.get(selected.current) ?? first;
        into.queue.type(text);
        into.term.focus();
      },
    });

    /** Output of terminal `n`: into its tab, or held until the page shows the tab (a shell still running there). */
    const output = (event: Extract<SessionEvent, { type: "output" }>) => {
      const n = terminalOf(event);
      const tab = byNumber.get(n);
      if (tab) {
        tab.term.write(event.data.text);
        if (endsTabShell(event)) tab.ended = true;
        return;
      }
      if (n >= tabLimit) return;
      if (ending.has(n)) {
        if (endsTabShell(event)) ending.delete(n);
        return;
      }
      held = holdOutput(held, event);
      clearTimeout(restoreTimer);
      restoreTimer = setTimeout(() => {
        if (disposed || status === "closed") return;
        for (const terminal of held.keys()) dispatchTabs({ type: "restore", terminal });
      }, RESTORE_AFTER_MS);
    };

    screens.current = {
      has: (n) => byNumber.has(n),
      numbers: () => [...byNumber.keys()],
      add: (n, on, fresh) => {
        if (byNumber.has(n)) return;
        const tab = screen(n, on);
        byNumber.set(n, tab);
        ending.delete(n);
        const earlier = held.get(n);
        if (earlier !== undefined) {
          tab.term.write(earlier);
          const rest = new Map(held);
          rest.delete(n);
          held = rest;
        }
        if (status === "closed") {
          tab.close(closedNote(noun));
          return;
        }
        if (status === "open") tab.queue.start();
        // A new tab's size starts its shell; a shown again one's fits its shell to this page.
        tab.sendSize();
        if (fresh) tab.term.focus();
      },
      drop: (n) => {
        byNumber.get(n)?.dispose();
        byNumber.delete(n);
      },
      end: (n) => {
        const tab = byNumber.get(n);
        if (n === 0 || !tab || status === "closed") return;
        // Its note that the shell ended is the last of its output; a shell that had ended prints none.
        if (!tab.ended) ending.add(n);
        // After what the tab still had to send: a size sent later would start its shell again.
        void tab.queue
          .idle()
          .then(() => post({ type: "close-terminal", terminal: n }))
          .catch((err: Error) => {
            ending.delete(n);
            if (!disposed && status !== "closed") setNotice(`Terminal ${n + 1} did not close: ${err.message}`);
          });
      },
      shown: (n) => byNumber.get(n)?.fit(),
      screenReader: (on) => {
        for (const tab of byNumber.values()) tab.setScreenReaderMode(on);
      },
      read: (n) => {
        const tab = byNumber.get(n);
        return tab && { ...tab.recentText(), terminal: n };
      },
    };

    const follow = (id: string) => {
      source = new EventSource(`/api/sessions/${id}/events`);
      const onMessage = (type: string) => (e: Event) => {
        const event = parseSessionMessage(type, (e as MessageEvent<string>).data);
        if (!event || disposed) return;
        if (event.type === "output") {
          output(event);
          return;
        }
        if (event.type !== "status") {
          listeners.current.onEvent?.(event);
          return;
        }
        show(id, event.data.status, event.data.message);
        if (status === "open") {
          for (const tab of byNumber.values()) tab.queue.start();
          (byNumber.get(selected.current) ?? first).term.focus();
        }
        if (status === "closed") {
          source?.close();
          clearTimeout(restoreTimer);
          // The lab's host says why in the first terminal; the others only stop.
          for (const [n, tab] of byNumber) tab.close(n === 0 ? undefined : closedNote(noun));
        }
      };
      for (const type of EVENT_TYPES) source.addEventListener(type, onMessage(type));
      source.addEventListener("end", () => source?.close());
      source.onerror = () => {
        // EventSource reconnects by itself (sending Last-Event-ID); it gives up only on a refused request.
        if (source?.readyState === EventSource.CLOSED && status !== "closed" && !disposed) {
          setNotice(`Lost the connection to the ${noun}. Reload the page to reattach to it.`);
        }
      };
    };

    const open = async () => {
      for (let attempt = 0; ; attempt++) {
        const size = first.size();
        let answer: { status: number; body: unknown };
        try {
          answer = await endpoint.open(size);
        } catch {
          if (!disposed) setPhase({ kind: "refused", message: "Could not reach the server. Check your connection." });
          return;
        }
        if (disposed) return;
        if (answer.status < 400) {
          const body = answer.body as { id: string; status: string; position?: number };
          sessionId = body.id;
          setPosition(body.position);
          show(body.id, body.status);
          follow(body.id);
          return;
        }
        const error = readSessionError(answer.status, answer.body, endpoint.text.refused);
        // The session just closed may still count for a moment, until its runner has taken it down.
        if (takeOver && error.otherId === takeOver && attempt < TAKE_OVER_TRIES) {
          await new Promise((resolve) => setTimeout(resolve, 1000));
          if (disposed) return;
          continue;
        }
        setPhase({ kind: "refused", ...error });
        return;
      }
    };
    void open();

    // Leaving the page ends such a session at once instead of leaving it to idle out; a beacon survives the unload.
    const onPageHide = () => {
      if (sessionId && status !== "closed" && endpoint.closesWithPage) {
        navigator.sendBeacon(`/api/sessions/${sessionId}/close`);
      }
    };
    window.addEventListener("pagehide", onPageHide);

    return () => {
      disposed = true;
      screens.current = null;
      // Another session's tabs are its own: the page starts again from the first.
      dispatchTabs({ type: "reset" });
      onHandle?.(null);
      listeners.current.onSession?.(null);
      window.removeEventListener("pagehide", onPageHide);
      clearTimeout(restoreTimer);
      source?.close();
      for (const tab of byNumber.values()) tab.dispose();
    };
  }, [endpoint, takeOver, onHandle, noun, tabLimit, hintId]);

  // The tabs past the first get their xterms once their elements are there, and lose them when they close.
  useEffect(() => {
    const live = screens.current;
    if (!live) return;
    for (const n of tabs.open) {
      const element = hosts.current.get(n);
      if (n > 0 && element && !live.has(n)) live.add(n, element, freshTabs.current.delete(n));
    }
    for (const n of live.numbers()) if (!tabs.open.includes(n)) live.drop(n);
  }, [tabs.open]);

  // The help panel shares the tab the learner is on with staff watching (components/help).
  useEffect(() => publishShownTabs(tabs), [tabs]);
  useEffect(() => () => publishShownTabs(FIRST_TAB), []);

  // A tab shown again fits its terminal to its element, whose size may have changed while it was hidden.
  useEffect(() => {
    selected.current = tabs.selected;
    screens.current?.shown(tabs.selected);
  }, [tabs.selected]);

  /** The element of tab `n` (past the first), through a ref callback kept per tab. */
  const hostRef = useCallback((n: number) => {
    let ref = hostRefs.current.get(n);
    if (!ref) {
      ref = (element) => {
        if (element) hosts.current.set(n, element);
        else hosts.current.delete(n);
      };
      hostRefs.current.set(n, ref);
    }
    return ref;
  }, []);

  const openTab = () => {
    const n = freeTerminal(tabs.open, tabLimit);
    if (n === undefined) return;
    freshTabs.current.add(n);
    dispatchTabs({ type: "open", terminal: n });
  };
  const closeTab = (n: number) => {
    screens.current?.end(n);
    dispatchTabs({ type: "close", terminal: n });
  };

  async function close(id: string) {
    setClosing(true);
    setCloseAsked(id);
    try {
      const answer = await requestJson(`/api/sessions/${id}`, undefined, "DELETE");
      if (answer.status >= 400) {
        setCloseAsked(undefined);
        setNotice(readSessionError(answer.status, answer.body, endpoint.text.refused).message);
      }
    } catch {
      setCloseAsked(undefined);
      setNotice(
        `Could not reach the server to close the ${noun}. ` +
          `It closes by itself after ${endpoint.idleMinutes} minutes idle.`,
      );
    } finally {
      setClosing(false);
    }
  }

  async function takeOverFrom(otherId: string) {
    try {
      const answer = await requestJson(`/api/sessions/${otherId}`, undefined, "DELETE");
      if (answer.status >= 400 && answer.status !== 404) {
        setNotice(readSessionError(answer.status, answer.body, endpoint.text.refused).message);
        return;
      }
    } catch {
      setNotice("Could not reach the server. Check your connection and try again.");
      return;
    }
    onRestart(otherId);
  }

  const status = phase.kind === "live" ? phase.status : undefined;
  const liveId = phase.kind === "live" ? phase.id : undefined;
  // A queued session asks where it stands now and then: the sessions ahead of it start or give up.
  useEffect(() => {
    if (!liveId || status !== "queued") return;
    const timer = setInterval(() => {
      requestJson(`/api/sessions/${liveId}`, undefined, "GET").then(
        (reply) => {
          if (reply.status !== 200) return;
          const body = reply.body as { position?: number; waitSeconds?: number };
          setPosition(body.position);
          setWaitSeconds(body.waitSeconds);
        },
        () => {},
      );
    }, QUEUE_POLL_MS);
    return () => clearInterval(timer);
  }, [liveId, status]);
  // How long the learner has waited for this session to open, shown while it is queued or starting, counted from
  // when this page first saw it (a busy host's start can take minutes: the learner sees it is still going).
  const [waitedFrom, setWaitedFrom] = useState<{ id: string; at: number } | undefined>();
  const [clock, setClock] = useState(0);
  const waiting = status === "queued" || status === "starting";
  useEffect(() => {
    if (!liveId || !waiting) return;
    setWaitedFrom((w) => (w?.id === liveId ? w : { id: liveId, at: Date.now() }));
    setClock(Date.now());
    const timer = setInterval(() => setClock(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [liveId, waiting]);
  const waited =
    waiting && waitedFrom !== undefined && waitedFrom.id === liveId
      ? ` (${elapsed((clock - waitedFrom.at) / 1000)} so far)`
      : "";
  // The Close button goes away with the session it closes; a keyboard user's focus would fall to <body>. The status
  // line saying why the session ended takes it instead (focus-result.tsx).
  const statusLineRef = useRef<HTMLParagraphElement>(null);
  const ended = phase.kind === "live" && phase.status === "closed";
  useEffect(() => {
    if (ended && focusWasLost()) statusLineRef.current?.focus();
  }, [ended]);
  const statusText =
    closeAsked !== undefined && closeAsked === liveId && endpoint.text.closing && status !== "closed"
      ? endpoint.text.closing
      : phase.kind === "opening"
        ? endpoint.text.opening
        : phase.kind === "refused"
          ? phase.message
          : statusLine(endpoint, phase.status, phase.message);
  const button = "rounded bg-brand-600 px-3 py-1 text-sm font-medium text-white hover:bg-brand-700";
  // A session of several terminals shows them as tabs once it was open (and still, closed, to read them).
  const tabbed = tabLimit > 1 && opened;
  return (
    <div className="min-w-0 space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p
          ref={statusLineRef}
          tabIndex={-1}
          role="status"
          aria-live="polite"
          data-testid={`${noun}-status`}
          data-status={phase.kind === "live" ? phase.status : phase.kind}
          className={`min-w-0 text-sm ${phase.kind === "refused" ? "text-red-700 dark:text-red-300" : ""}`}
        >
          {statusText}
          {status === "queued" && position !== undefined ? ` ${queueNote(noun, position, waitSeconds)}` : ""}
          {waited}
        </p>
        <div className="flex flex-wrap gap-2">
          {phase.kind === "live" && phase.status !== "closed" && (
            <button
              type="button"
              data-testid={`close-${noun}`}
              disabled={closing}
              onClick={() => void close(phase.id)}
              className={
                "rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 disabled:opacity-60 " +
                "dark:border-slate-700 dark:hover:bg-slate-800"
              }
            >
              {closing ? "Closing…" : `Close ${noun}`}
            </button>
          )}
          {phase.kind === "refused" && phase.otherId && (
            <button
              type="button"
              data-testid={`take-over-${noun}`}
              onClick={() => void takeOverFrom(phase.otherId!)}
              className={button}
            >
              {endpoint.text.takeOver}
            </button>
          )}
          {(status === "closed" || (phase.kind === "refused" && !phase.otherId)) && (
            <button type="button" data-testid={`open-new-${noun}`} onClick={() => onRestart()} className={button}>
              {status === "closed" ? endpoint.text.restart : "Try again"}
            </button>
          )}
        </div>
      </div>
      {notice && (
        <p role="alert" data-testid={`${noun}-notice`} className="text-sm text-amber-800 dark:text-amber-200">
          {notice}
        </p>
      )}
      {tabbed && (
        <TerminalTabBar
          noun={noun}
          tabs={tabs}
          limit={tabLimit}
          live={status === "open"}
          onSelect={(terminal) => dispatchTabs({ type: "select", terminal })}
          onOpen={openTab}
          onClose={closeTab}
        />
      )}
      <div className="relative h-80">
        {tabs.open.map((n) => {
          const section = (
            <section
              key="screen"
              ref={n === 0 ? host : hostRef(n)}
              aria-label={n === 0 ? endpoint.label : `${endpoint.label}, terminal ${n + 1}`}
              data-testid={n === tabs.selected ? `${noun}-terminal` : undefined}
              data-terminal={tabbed ? n : undefined}
              {...{ [`data-${noun}-id`]: liveId }}
              // xterm's input is an invisible textarea: the box shows where the keyboard is.
              className={
                "h-full overflow-hidden rounded-lg border border-slate-700 bg-slate-950 p-2 " +
                "focus-within:outline-3 focus-within:outline-offset-2 focus-within:outline-brand-500"
              }
            />
          );
          // Every tab's terminal stays laid out (an xterm fits and draws only there), the unselected ones invisible.
          // The same element before and after the tabs show (a div either way), so the first terminal's xterm stays.
          const className = n === tabs.selected ? "absolute inset-0" : "invisible absolute inset-0";
          return tabbed ? (
            <div
              key={n}
              role="tabpanel"
              id={terminalPanelId(noun, n)}
              aria-labelledby={terminalTabId(noun, n)}
              className={className}
            >
              {section}
            </div>
          ) : (
            <div key={n} className={className}>
              {section}
            </div>
          );
        })}
      </div>
      <TerminalAccess
        noun={noun}
        hintId={hintId}
        tabbed={tabbed}
        screenReader={terminalScreenReader}
        onScreenReader={(on) => setPreferences({ terminalScreenReader: on })}
        read={() => screens.current?.read(selected.current)}
      />
    </div>
  );
}

/** The line saying where the session stands: a live status in the kind's words, or why it closed. */
function statusLine(endpoint: TerminalEndpoint, status: string, message?: string): string {
  if (status === "closed") return `Closed: ${message ?? `the ${endpoint.noun} has ended.`}`;
  // Queued again with a reason: a lab its host kept as it restarted, which reopens here by itself.
  if (status === "queued" && message) return message;
  // Starting, with what the host is doing now ("Loading the lab's images…").
  if (status === "starting" && message) return message;
  return endpoint.text.status[status as keyof TerminalEndpoint["text"]["status"]] ?? status;
}
