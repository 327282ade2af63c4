"use client";

import { type KeyboardEvent, useRef } from "react";
import { freeTerminal, type TabsState, tabKeyAction } from "./terminal-tabs";

/** The ids that tie a tab to its panel (one terminal per page, as the keys hint's id already assumes). */
export const terminalTabId = (noun: string, n: number) => `${noun}-terminal-tab-${n}`;
export const terminalPanelId = (noun: string, n: number) => `${noun}-terminal-panel-${n}`;

const SMALL_BUTTON =
  "rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 disabled:cursor-not-allowed " +
  "disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800";

export interface TerminalTabBarProps {
  noun: string;
  tabs: TabsState;
  /** How many terminals the session may have at once. */
  limit: number;
  /** Whether tabs may be opened and closed now: the session is open. */
  live: boolean;
  onSelect: (n: number) => void;
  onOpen: () => void;
  onClose: (n: number) => void;
}

/**
 * A session's terminals as a WAI-ARIA tablist (selection follows focus; arrows, Home, End; Delete closes). Outside
 * it, as a tablist holds tabs alone: the selected tab's close button (not the first's: it is the session itself)
 * and the button that opens another, disabled at the limit with the reason beside it.
 */
export function TerminalTabBar({ noun, tabs, limit, live, onSelect, onOpen, onClose }: TerminalTabBarProps) {
  const list = useRef<HTMLDivElement>(null);
  const atLimit = freeTerminal(tabs.open, limit) === undefined;
  const limitNoteId = `${noun}-terminal-limit`;
  const { selected } = tabs;

  const focusTab = (n: number) => list.current?.querySelector<HTMLElement>(`#${terminalTabId(noun, n)}`)?.focus();

  /** Closing moves the focus to the tab before it, which it selects. */
  const close = (n: number) => {
    const before = tabs.open[tabs.open.indexOf(n) - 1] ?? 0;
    onClose(n);
    focusTab(before);
  };

  function onKeyDown(event: KeyboardEvent) {
    const action = tabKeyAction(tabs, event.key);
    if (!action || (action.type === "close" && !live)) return;
    event.preventDefault();
    if (action.type === "close") close(action.terminal);
    else {
      onSelect(action.terminal);
      focusTab(action.terminal);
    }
  }

  return (
    <div
      data-testid={`${noun}-terminal-tabs`}
      className="flex flex-wrap items-end gap-x-2 gap-y-1 border-b border-slate-300 dark:border-slate-700"
    >
      <div
        ref={list}
        role="tablist"
        aria-label="Terminals"
        aria-orientation="horizontal"
        onKeyDown={onKeyDown}
        className="flex flex-wrap gap-1 text-sm"
      >
        {tabs.open.map((n) => {
          const isSelected = n === selected;
          return (
            <button
              key={n}
              type="button"
              role="tab"
              id={terminalTabId(noun, n)}
              aria-selected={isSelected}
              aria-controls={terminalPanelId(noun, n)}
              tabIndex={isSelected ? 0 : -1}
              data-testid={`terminal-tab-${n}`}
              onClick={() => onSelect(n)}
              className={
                "-mb-px rounded-t border-b-2 px-3 py-1.5 " +
                (isSelected
                  ? "border-brand-600 bg-slate-200 font-semibold dark:border-sky-300 dark:bg-slate-800"
                  : "border-transparent text-slate-600 hover:bg-slate-100 dark:text-slate-400 dark:hover:bg-slate-900")
              }
            >
              {`Terminal ${n + 1}`}
            </button>
          );
        })}
      </div>
      {live && (
        <div className="mb-1 flex flex-wrap items-center gap-2">
          {selected > 0 && (
            <button
              type="button"
              data-testid={`close-terminal-tab-${selected}`}
              onClick={() => close(selected)}
              className={SMALL_BUTTON}
            >
              Close terminal {selected + 1}
            </button>
          )}
          <button
            type="button"
            data-testid="new-terminal-tab"
            disabled={atLimit}
            aria-describedby={atLimit ? limitNoteId : undefined}
            onClick={onOpen}
            className={SMALL_BUTTON}
          >
            <span aria-hidden="true">+</span> New terminal
          </button>
          {atLimit && (
            <span id={limitNoteId} className="text-xs text-slate-600 dark:text-slate-400">
              A {noun} has {limit} terminals at most: close one to open another.
            </span>
          )}
        </div>
      )}
    </div>
  );
}
