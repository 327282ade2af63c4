"use client";

// xterm's own stylesheet, bundled with this chunk: the terminal never loads anything from another site.
import "@xterm/xterm/css/xterm.css";
import { useReducer } from "react";
import { QUIET_BUTTON } from "@/components/http/form-styles";
import { TerminalAccess } from "./terminal-access";
import type { TerminalEndpoint } from "./terminal-endpoint";
import { TerminalTabBar, terminalPanelId, terminalTabId } from "./terminal-tab-bar";
import { FIRST_TAB, tabsReducer } from "./terminal-tabs";
import { useCloseSession } from "./use-close-session";
import { type SessionProps, useSession } from "./use-session";
import { useTerminalTabs } from "./use-terminal-tabs";

export interface SessionTerminalProps extends SessionProps {
  /** Start over with a new terminal: after a close, or to take over from another session (its id). */
  onRestart: (takeOver?: string) => void;
}

/**
 * A terminal attached to one session of `endpoint` (use-session.ts), loaded only in the browser (xterm needs a DOM).
 * A session of several terminals (a lab's, `endpoint.tabs`) shows them as tabs once open: each tab an xterm with its
 * own input queue, kept laid out while hidden so its screen stays; a tab's first message (its size) starts its shell.
 */
export function SessionTerminal({ endpoint, takeOver, onHandle, onRestart, onSession, onEvent }: SessionTerminalProps) {
  const { noun } = endpoint;
  const tabLimit = endpoint.tabs ?? 1;
  const tabState = useReducer(tabsReducer, FIRST_TAB);
  const [tabs, dispatchTabs] = tabState;
  const session = useSession({ endpoint, takeOver, onHandle, onSession, onEvent }, dispatchTabs);
  const { host, phase, status, liveId, notice, hintId } = session;
  const { hostRef, openTab, closeTab } = useTerminalTabs(tabState, session, tabLimit);
  const { closing, closeAsked, close, takeOverFrom, statusLineRef } = useCloseSession(endpoint, session, onRestart);
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
  const tabbed = tabLimit > 1 && session.opened;
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
          {session.queue.place}
          {session.queue.waited}
        </p>
        <div className="flex flex-wrap gap-2">
          {phase.kind === "live" && phase.status !== "closed" && (
            <button
              type="button"
              data-testid={`close-${noun}`}
              disabled={closing}
              onClick={() => void close(phase.id)}
              className={QUIET_BUTTON}
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
          // Every tab's terminal stays laid out (an xterm fits and draws only there), the unselected ones invisible;
          // the same element before and after the tabs show, so the first terminal's xterm stays.
          const panel = tabbed
            ? { role: "tabpanel", id: terminalPanelId(noun, n), "aria-labelledby": terminalTabId(noun, n) }
            : {};
          return (
            <div key={n} {...panel} className={n === tabs.selected ? "absolute inset-0" : "invisible absolute inset-0"}>
              <section
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
            </div>
          );
        })}
      </div>
      <TerminalAccess
        noun={noun}
        hintId={hintId}
        tabbed={tabbed}
        screenReader={session.access.terminalScreenReader}
        onScreenReader={(on) => session.access.setPreferences({ terminalScreenReader: on })}
        read={() => session.screens.current?.read(session.selected.current)}
      />
    </div>
  );
}

/** The line saying where the session stands: a live status in the kind's words, or why it closed. */
function statusLine(endpoint: TerminalEndpoint, status: string, message?: string): string {
  if (status === "closed") return `Closed: ${message ?? `the ${endpoint.noun} has ended.`}`;
  // Queued again with a reason (a lab kept as its host restarted), or starting with what the host does now.
  if ((status === "queued" || status === "starting") && message) return message;
  return endpoint.text.status[status as keyof TerminalEndpoint["text"]["status"]] ?? status;
}
