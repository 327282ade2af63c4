"use client";

// xterm's own stylesheet, bundled with this chunk: the terminal never loads anything from another site.
import "@xterm/xterm/css/xterm.css";
import { Terminal } from "@xterm/xterm";
import { useEffect, useRef, useState } from "react";
import { parseSessionMessage } from "@/components/shell/shell-messages";
import { terminalOf } from "@/components/shell/terminal-tabs";

/** What the viewer says under the terminal: following, the lab closed, or the watch ended (consent, resolved). */
type Standing = "connecting" | "watching" | "closed" | "ended";

const WORDS: Record<Standing, string> = {
  connecting: "Connecting to the learner's lab…",
  watching: "Watching live.",
  closed: "The learner's lab has closed.",
  ended:
    "Watching has ended: the learner stopped sharing, the request was resolved, or the lab closed. Reload the page " +
    "to see whether you may watch again.",
};

/**
 * A learner's lab terminal, read-only, for staff the learner let watch it (lib/help/watch-session.ts): the session's
 * event stream drawn in an xterm that takes no keys, at the learner's terminal size. Nothing typed here reaches the
 * lab: there is no input to send, and the session's input route refuses anyone but its learner. Loaded only in the
 * browser (xterm needs a DOM).
 */
export function WatchTerminal({ sessionId, cols, rows }: { sessionId: string; cols: number; rows: number }) {
  const host = useRef<HTMLDivElement>(null);
  const [standing, setStanding] = useState<Standing>("connecting");

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const term = new Terminal({
      cols,
      rows,
      disableStdin: true,
      cursorBlink: false,
      fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
      fontSize: 13,
      scrollback: 5000,
      theme: { background: "#020617", foreground: "#e2e8f0" },
    });
    term.open(element);
    let closed = false;
    const source = new EventSource(`/api/sessions/${encodeURIComponent(sessionId)}/events`);
    source.onopen = () => setStanding((s) => (s === "connecting" ? "watching" : s));
    source.addEventListener("output", (e) => {
      const event = parseSessionMessage("output", (e as MessageEvent<string>).data);
      // The learner's first terminal: a tab's output drawn into the same screen would garble both.
      if (event?.type === "output" && terminalOf(event) === 0) term.write(event.data.text);
    });
    source.addEventListener("status", (e) => {
      const event = parseSessionMessage("status", (e as MessageEvent<string>).data);
      if (event?.type === "status" && event.data.status === "closed") {
        closed = true;
        setStanding("closed");
        source.close();
      }
    });
    source.addEventListener("end", () => source.close());
    source.onerror = () => {
      // EventSource reconnects by itself; once refused (consent withdrawn, resolved) it stays closed.
      if (source.readyState === EventSource.CLOSED && !closed) setStanding("ended");
    };
    return () => {
      source.close();
      term.dispose();
    };
  }, [sessionId, cols, rows]);

  return (
    <div>
      <div ref={host} className="max-w-full overflow-x-auto rounded bg-slate-950 p-2" data-testid="watch-terminal" />
      <p className="mt-2 text-sm font-medium" data-testid="watch-read-only">
        Read-only: you cannot type in this learner&apos;s lab. This is their first terminal; other tabs they open are
        not shown.
      </p>
      <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="watch-standing" data-standing={standing}>
        {WORDS[standing]}
      </p>
    </div>
  );
}
