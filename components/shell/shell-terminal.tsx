"use client";

// xterm's own stylesheet, bundled with this chunk: the terminal never loads anything from another site.
import "@xterm/xterm/css/xterm.css";
import { FitAddon } from "@xterm/addon-fit";
import { Terminal } from "@xterm/xterm";
import { useEffect, useRef, useState } from "react";
import type { ShellStatus } from "@/lib/shell/shell-lifecycle";
import { SHELL_LIMITS } from "@/lib/shell/shell-limits";
import { InputQueue } from "./input-queue";
import { parseShellMessage, readShellError } from "./shell-messages";
import { terminalKeyAction } from "./terminal-keys";

/** What the panel beside the terminal may do with it: type a suggested command (without Enter). */
export interface ShellHandle {
  type: (text: string) => void;
}

type Phase =
  | { kind: "opening" }
  | { kind: "live"; id: string; status: ShellStatus; message?: string }
  | { kind: "refused"; message: string; otherShellId?: string };

const STATUS_TEXT: Record<ShellStatus, string> = {
  requested: "Starting: waiting for the grading machine that holds the image…",
  starting: "Starting a container from the image…",
  open: "Open: a shell in the image, as the image's own user.",
  closed: "Closed.",
};

const RESIZE_DEBOUNCE_MS = 150;
/** After closing the account's other shell, how often to ask again while the runner is still taking it down. */
const TAKE_OVER_TRIES = 10;

const clamp = (n: number, { min, max }: { min: number; max: number }) => Math.min(max, Math.max(min, n));
const isMac = () => /Mac|iPhone|iPad/.test(navigator.userAgent);

async function post(url: string, body?: unknown, method = "POST"): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? undefined : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

/**
 * A terminal attached to a shell in the image of `submissionId`: opens it (or reattaches to the account's shell
 * on it), follows its events, sends keystrokes through an ordered queue and closes it with the page. Loaded only
 * in the browser (xterm needs a DOM).
 */
export function ShellTerminal({
  submissionId,
  takeOver,
  onHandle,
  onRestart,
}: {
  submissionId: string;
  /** The account's other shell, already asked to close: keep asking while it is still being taken down. */
  takeOver?: string;
  onHandle?: (handle: ShellHandle | null) => void;
  /** Start over with a new terminal: after a close, or to take over from another shell (its id). */
  onRestart: (takeOver?: string) => void;
}) {
  const host = useRef<HTMLElement>(null);
  const [phase, setPhase] = useState<Phase>({ kind: "opening" });
  const [notice, setNotice] = useState<string | null>(null);
  const [closing, setClosing] = useState(false);

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
    let status: ShellStatus | undefined;

    const queue = new InputQueue({
      send: async (message) => {
        const answer = await post(`/api/shells/${sessionId}/input`, message);
        if (answer.status >= 400) throw new Error(readShellError(answer.status, answer.body).message);
      },
      onFailure: (err) => {
        if (disposed || status === "closed") return;
        setNotice(`Your typing did not reach the shell: ${(err as Error).message}`);
      },
      onDropped: (chars) =>
        setNotice(
          `${chars} characters of that paste were not sent: the shell takes ${SHELL_LIMITS.pendingInputBytes / 1024} ` +
            "KB of waiting input at a time. Paste it in smaller parts.",
        ),
    });
    const typed = term.onData((data) => queue.type(data));
    const resized = term.onResize(({ cols, rows }) =>
      queue.resize(clamp(cols, SHELL_LIMITS.cols), clamp(rows, SHELL_LIMITS.rows)),
    );
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
      type: (text) => {
        queue.type(text);
        term.focus();
      },
    });

    const follow = (id: string) => {
      source = new EventSource(`/api/shells/${id}/events`);
      const onMessage = (type: string) => (e: Event) => {
        const event = parseShellMessage(type, (e as MessageEvent<string>).data);
        if (!event || disposed) return;
        if (event.type === "output") {
          term.write(event.data.text);
          return;
        }
        status = event.data.status;
        setPhase({ kind: "live", id, status: event.data.status, message: event.data.message });
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
      for (const type of ["output", "status", "message"]) source.addEventListener(type, onMessage(type));
      source.addEventListener("end", () => source?.close());
      source.onerror = () => {
        // EventSource reconnects by itself (sending Last-Event-ID); it gives up only on a refused request.
        if (source?.readyState === EventSource.CLOSED && status !== "closed" && !disposed) {
          setNotice("Lost the connection to the shell. Reload the page to reattach to it.");
        }
      };
    };

    const open = async () => {
      for (let attempt = 0; ; attempt++) {
        const size = { cols: clamp(term.cols, SHELL_LIMITS.cols), rows: clamp(term.rows, SHELL_LIMITS.rows) };
        let answer: { status: number; body: unknown };
        try {
          answer = await post("/api/shells", { submissionId, ...size });
        } catch {
          if (!disposed) setPhase({ kind: "refused", message: "Could not reach the server. Check your connection." });
          return;
        }
        if (disposed) return;
        if (answer.status < 400) {
          const body = answer.body as { id: string; status: ShellStatus };
          sessionId = body.id;
          status = body.status;
          setPhase({ kind: "live", id: body.id, status: body.status });
          follow(body.id);
          return;
        }
        const error = readShellError(answer.status, answer.body);
        // The shell just closed may still count for a moment, until its runner has taken it down.
        if (takeOver && error.otherShellId === takeOver && attempt < TAKE_OVER_TRIES) {
          await new Promise((resolve) => setTimeout(resolve, 1000));
          if (disposed) return;
          continue;
        }
        setPhase({ kind: "refused", ...error });
        return;
      }
    };
    void open();

    // Leaving the page ends the shell at once instead of leaving it to idle out; a beacon survives the unload.
    const onPageHide = () => {
      if (sessionId && status !== "closed") navigator.sendBeacon(`/api/shells/${sessionId}/close`);
    };
    window.addEventListener("pagehide", onPageHide);

    return () => {
      disposed = true;
      onHandle?.(null);
      window.removeEventListener("pagehide", onPageHide);
      clearTimeout(timer);
      observer.disconnect();
      source?.close();
      typed.dispose();
      resized.dispose();
      term.dispose();
    };
  }, [submissionId, takeOver, onHandle]);

  async function close(id: string) {
    setClosing(true);
    try {
      const answer = await post(`/api/shells/${id}`, undefined, "DELETE");
      if (answer.status >= 400) setNotice(readShellError(answer.status, answer.body).message);
    } catch {
      setNotice("Could not reach the server to close the shell. It closes by itself after 5 minutes idle.");
    } finally {
      setClosing(false);
    }
  }

  async function takeOverFrom(otherShellId: string) {
    try {
      const answer = await post(`/api/shells/${otherShellId}`, undefined, "DELETE");
      if (answer.status >= 400 && answer.status !== 404) {
        setNotice(readShellError(answer.status, answer.body).message);
        return;
      }
    } catch {
      setNotice("Could not reach the server. Check your connection and try again.");
      return;
    }
    onRestart(otherShellId);
  }

  const status = phase.kind === "live" ? phase.status : undefined;
  const statusText =
    phase.kind === "opening"
      ? "Asking for a shell…"
      : phase.kind === "refused"
        ? phase.message
        : status === "closed"
          ? `Closed: ${phase.message ?? "the shell has ended."}`
          : STATUS_TEXT[phase.status];
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p
          role="status"
          aria-live="polite"
          data-testid="shell-status"
          data-status={phase.kind === "live" ? phase.status : phase.kind}
          className={`text-sm ${phase.kind === "refused" ? "text-red-700 dark:text-red-300" : ""}`}
        >
          {statusText}
        </p>
        <div className="flex gap-2">
          {phase.kind === "live" && phase.status !== "closed" && (
            <button
              type="button"
              data-testid="close-shell"
              disabled={closing}
              onClick={() => void close(phase.id)}
              className={
                "rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 disabled:opacity-60 " +
                "dark:border-slate-700 dark:hover:bg-slate-800"
              }
            >
              {closing ? "Closing…" : "Close shell"}
            </button>
          )}
          {phase.kind === "refused" && phase.otherShellId && (
            <button
              type="button"
              data-testid="take-over-shell"
              onClick={() => void takeOverFrom(phase.otherShellId!)}
              className="rounded bg-brand-600 px-3 py-1 text-sm font-medium text-white hover:bg-brand-700"
            >
              Close that shell and open this one
            </button>
          )}
          {(status === "closed" || (phase.kind === "refused" && !phase.otherShellId)) && (
            <button
              type="button"
              data-testid="open-new-shell"
              onClick={() => onRestart()}
              className="rounded bg-brand-600 px-3 py-1 text-sm font-medium text-white hover:bg-brand-700"
            >
              {status === "closed" ? "Open a new shell" : "Try again"}
            </button>
          )}
        </div>
      </div>
      {notice && (
        <p role="alert" data-testid="shell-notice" className="text-sm text-amber-800 dark:text-amber-200">
          {notice}
        </p>
      )}
      <section
        ref={host}
        aria-label="Terminal: a shell in the image"
        aria-describedby="shell-keys-hint"
        data-testid="shell-terminal"
        data-shell-id={phase.kind === "live" ? phase.id : undefined}
        className="h-80 overflow-hidden rounded-lg border border-slate-700 bg-slate-950 p-2"
      />
      <p id="shell-keys-hint" className="text-xs text-slate-600 dark:text-slate-400">
        Click the terminal or Tab to it, then type. Ctrl+Shift+C and Ctrl+Shift+V (⌘C and ⌘V on a Mac) copy and paste;
        Ctrl+C copies a selection, otherwise it interrupts the running command. Shift+Tab leaves the terminal.
      </p>
    </div>
  );
}
