"use client";

// xterm's own stylesheet, bundled with this chunk: the terminal never loads anything from another site.
import "@xterm/xterm/css/xterm.css";
import { Terminal } from "@xterm/xterm";
import { useEffect, useRef, useState } from "react";
import { fetchForEffect } from "@/components/http/fetch-for-effect";
import { parseSessionMessage } from "@/components/sessions/shell-messages";
import { terminalOf } from "@/components/sessions/terminal-tabs";
import type { WatchStanding } from "@/lib/help/help-protocol";

/** What the viewer says under the terminal: following, the lab closed, or the watch ended (and how). */
type Standing = "connecting" | "watching" | "closed" | "ended" | NonNullable<WatchStanding["stopped"]>;

const WORDS: Record<Standing, string> = {
  connecting: "Connecting to the learner's lab…",
  watching: "Watching live.",
  closed: "The learner's lab has closed.",
  ended: "Watching has ended. Reload the page to see whether you may watch again.",
  sharing: "The learner stopped sharing",
  resolved: "Sharing stopped: the request was resolved",
  lab: "Sharing stopped: the learner's lab is not open",
};

type WatchProps = { requestId: string; sessionId: string; cols: number; rows: number; tab: number };

/**
 * A learner's lab terminal, read-only, for staff the learner let watch it: the shared tab's stream in an xterm that
 * takes no keys. When the stream ends, it asks why: another tab is shared (drawn afresh), or sharing stopped.
 */
export function WatchTerminal({ requestId, sessionId, cols, rows, tab: firstTab }: WatchProps) {
  const host = useRef<HTMLDivElement>(null);
  const [standing, setStanding] = useState<Standing>("connecting");
  const [tab, setTab] = useState(firstTab);
  const [stoppedAt, setStoppedAt] = useState<string | null>(null);

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
    let cancel = () => {};
    setStanding("connecting");
    const source = new EventSource(`/api/sessions/${encodeURIComponent(sessionId)}/events?tab=${tab}`);
    source.onopen = () => setStanding((s) => (s === "connecting" ? "watching" : s));
    source.addEventListener("output", (e) => {
      const event = parseSessionMessage("output", (e as MessageEvent<string>).data);
      // The server sends the shared tab's output alone; the check keeps another's out of this screen regardless.
      if (event?.type === "output" && terminalOf(event) === tab) term.write(event.data.text);
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
      // EventSource reconnects by itself; once refused (sharing stopped, another tab shared) it stays closed.
      if (source.readyState !== EventSource.CLOSED || closed) return;
      setStanding("ended");
      cancel = fetchForEffect<WatchStanding>(
        `/api/instructor/help/${encodeURIComponent(requestId)}/watch`,
        { cache: "no-store" },
        (answer) => {
          if (answer.watch?.sessionId === sessionId && answer.watch.tab !== tab) setTab(answer.watch.tab);
          else if (answer.stopped) {
            setStoppedAt(new Date().toLocaleTimeString());
            setStanding(answer.stopped);
          } else setStanding("ended");
        },
      );
    };
    return () => {
      cancel();
      source.close();
      term.dispose();
    };
  }, [requestId, sessionId, cols, rows, tab]);

  return (
    <div>
      <p className="mb-2 text-sm font-medium" data-testid="watch-shared-tab" data-tab={tab}>
        The learner shares {`Terminal ${tab + 1}`} of their lab; their other tabs are not shown.
      </p>
      <div ref={host} className="max-w-full overflow-x-auto rounded bg-slate-950 p-2" data-testid="watch-terminal" />
      <p className="mt-2 text-sm font-medium" data-testid="watch-read-only">
        Read-only: you cannot type in this learner&apos;s lab.
      </p>
      <p
        role="status"
        className="text-sm text-slate-600 dark:text-slate-400"
        data-testid="watch-standing"
        data-standing={standing}
      >
        {WORDS[standing]}
        {stoppedAt && standing !== "closed" && standing !== "ended" ? ` at ${stoppedAt}. Nothing more is sent.` : ""}
      </p>
    </div>
  );
}
