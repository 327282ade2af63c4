"use client";

// xterm's own stylesheet, bundled with this chunk: the terminal never loads anything from another site.
import "@xterm/xterm/css/xterm.css";
import { FitAddon } from "@xterm/addon-fit";
import { Terminal } from "@xterm/xterm";
import { useEffect, useRef, useState } from "react";
import type { SessionEvent } from "@/lib/sessions/session-protocol";
import { InputQueue } from "./input-queue";
import { queueNote } from "./queue-note";
import { readSessionError } from "./session-errors";
import { parseSessionMessage } from "./shell-messages";
import { requestJson, type TerminalEndpoint } from "./terminal-endpoint";
import { terminalKeyAction } from "./terminal-keys";

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

const RESIZE_DEBOUNCE_MS = 150;
/** How often a queued session asks where it stands in the queue. */
const QUEUE_POLL_MS = 3000;
/** The SSE event names of a session's stream (lib/sessions/session-protocol.ts), and the default one. */
const EVENT_TYPES = ["output", "status", "task", "preview", "message"] as const;

/** What a session's stream tells its page besides output and status: a lab's tasks and previews. */
export type SessionNews = Extract<SessionEvent, { type: "task" | "preview" }>;
/** After closing the account's other session, how often to ask again while the runner is still taking it down. */
const TAKE_OVER_TRIES = 10;

const clamp = (n: number, { min, max }: { min: number; max: number }) => Math.min(max, Math.max(min, n));
const isMac = () => /Mac|iPhone|iPad/.test(navigator.userAgent);

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
  const { noun } = endpoint;

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const term = new Terminal({
      cursorBlink: true,
      fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
      fontSize: 14,
      scrollback: 5000,
      theme: { background: "#020617", foreground: "#e2e8f0" },
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(element);
    fit.fit();

    let disposed = false;
    let source: EventSource | undefined;
    let sessionId: string | undefined;
    let status: string | undefined;
    const { limits } = endpoint;

    const show = (id: string, next: string, message?: string) => {
      status = next;
      setPhase({ kind: "live", id, status: next, message });
      listeners.current.onSession?.({ id, status: next });
    };

    const queue = new InputQueue({
      send: async (message) => {
        const answer = await requestJson(`/api/sessions/${sessionId}/input`, message);
        if (answer.status >= 400)
          throw new Error(readSessionError(answer.status, answer.body, endpoint.text.refused).message);
      },
      onFailure: (err) => {
        if (disposed || status === "closed") return;
        setNotice(`Your typing did not reach the ${noun}: ${(err as Error).message}`);
      },
      onDropped: (chars) =>
        setNotice(
          `${chars} characters of that paste were not sent: the ${noun} takes ${limits.pendingInputBytes / 1024} ` +
            "KB of waiting input at a time. Paste it in smaller parts.",
        ),
      maxPendingChars: limits.pendingInputBytes,
      maxChunkChars: limits.inputChars,
    });
    const typed = term.onData((data) => queue.type(data));
    const resized = term.onResize(({ cols, rows }) => queue.resize(clamp(cols, limits.cols), clamp(rows, limits.rows)));
    term.attachCustomKeyEventHandler((event) => {
      const action = terminalKeyAction(event, term.hasSelection(), isMac());
      if (action === "copy") {
        // Ctrl+Shift+C would open the browser's developer tools; the clipboard API copies without it.
        if (navigator.clipboard) {
          event.preventDefault();
          void navigator.clipboard.writeText(term.getSelection()).catch(() => {});
        }
        return false;
      }
      // For a paste the browser's own paste event reaches xterm, which sends the text; for Shift+Tab focus moves.
      return action === "terminal";
    });

    let timer: ReturnType<typeof setTimeout> | undefined;
    const observer = new ResizeObserver(() => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (!disposed) fit.fit();
      }, RESIZE_DEBOUNCE_MS);
    });
    observer.observe(element);

    onHandle?.({
      type: (text: string) => {
        queue.type(text);
        term.focus();
      },
    });

    const follow = (id: string) => {
      source = new EventSource(`/api/sessions/${id}/events`);
      const onMessage = (type: string) => (e: Event) => {
        const event = parseSessionMessage(type, (e as MessageEvent<string>).data);
        if (!event || disposed) return;
        if (event.type === "output") {
          term.write(event.data.text);
          return;
        }
        if (event.type !== "status") {
          listeners.current.onEvent?.(event);
          return;
        }
        show(id, event.data.status, event.data.message);
        if (status === "open") {
          queue.start();
          term.focus();
        }
        if (status === "closed") {
          source?.close();
          term.options.disableStdin = true;
          term.options.cursorBlink = false;
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
        const size = { cols: clamp(term.cols, limits.cols), rows: clamp(term.rows, limits.rows) };
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
      onHandle?.(null);
      listeners.current.onSession?.(null);
      window.removeEventListener("pagehide", onPageHide);
      clearTimeout(timer);
      observer.disconnect();
      source?.close();
      typed.dispose();
      resized.dispose();
      term.dispose();
    };
  }, [endpoint, takeOver, onHandle, noun]);

  async function close(id: string) {
    setClosing(true);
    try {
      const answer = await requestJson(`/api/sessions/${id}`, undefined, "DELETE");
      if (answer.status >= 400) setNotice(readSessionError(answer.status, answer.body, endpoint.text.refused).message);
    } catch {
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
        (reply) => reply.status === 200 && setPosition((reply.body as { position?: number }).position),
        () => {},
      );
    }, QUEUE_POLL_MS);
    return () => clearInterval(timer);
  }, [liveId, status]);
  const statusText =
    phase.kind === "opening"
      ? endpoint.text.opening
      : phase.kind === "refused"
        ? phase.message
        : statusLine(endpoint, phase.status, phase.message);
  const button = "rounded bg-brand-600 px-3 py-1 text-sm font-medium text-white hover:bg-brand-700";
  return (
    <div className="min-w-0 space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p
          role="status"
          aria-live="polite"
          data-testid={`${noun}-status`}
          data-status={phase.kind === "live" ? phase.status : phase.kind}
          className={`min-w-0 text-sm ${phase.kind === "refused" ? "text-red-700 dark:text-red-300" : ""}`}
        >
          {statusText}
          {status === "queued" && position !== undefined ? ` ${queueNote(noun, position)}` : ""}
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
      <section
        ref={host}
        aria-label={endpoint.label}
        aria-describedby={`${noun}-keys-hint`}
        data-testid={`${noun}-terminal`}
        {...{ [`data-${noun}-id`]: phase.kind === "live" ? phase.id : undefined }}
        className="h-80 overflow-hidden rounded-lg border border-slate-700 bg-slate-950 p-2"
      />
      <p id={`${noun}-keys-hint`} className="text-xs text-slate-600 dark:text-slate-400">
        Click the terminal or Tab to it, then type. Ctrl+Shift+C and Ctrl+Shift+V (⌘C and ⌘V on a Mac) copy and paste;
        Ctrl+C copies a selection, otherwise it interrupts the running command. Shift+Tab leaves the terminal.
      </p>
    </div>
  );
}

/** The line saying where the session stands: a live status in the kind's words, or why it closed. */
function statusLine(endpoint: TerminalEndpoint, status: string, message?: string): string {
  if (status === "closed") return `Closed: ${message ?? `the ${endpoint.noun} has ended.`}`;
  return endpoint.text.status[status as keyof TerminalEndpoint["text"]["status"]] ?? status;
}
