"use client";

import { useId, useRef, useState } from "react";
import { Alert } from "@/components/http/alert";
import { useFocusResult } from "@/components/http/focus-result";
import { QUIET_BUTTON } from "@/components/http/form-styles";
import { notKeptMessage } from "@/components/layout/preferences";
import type { OutputText } from "./output-text";
import { LEAVE_KEYS_TEXT } from "./terminal-keys";

/** What the text view shows: a terminal's latest output, and which terminal and when it was read. */
export interface TerminalReading extends OutputText {
  /** The terminal's number, from 0 (a lab's tabs). */
  terminal: number;
}

export interface TerminalAccessProps {
  noun: string;
  /** The id of the keys' text, which every terminal's input names as its description. */
  hintId: string;
  /** The session shows its terminals as tabs: the text view names the one it read. */
  tabbed: boolean;
  screenReader: boolean;
  /** Keeps the learner's choice; rejects when their account did not keep it (it still applies on this page). */
  onScreenReader: (on: boolean) => Promise<void>;
  /** Reads the selected terminal's latest output; undefined before there is a terminal. */
  read: () => TerminalReading | undefined;
}

const SMALL_BUTTON = `min-h-6 ${QUIET_BUTTON}`;
const NOTE = "text-xs text-slate-600 dark:text-slate-400";

/**
 * What sits under a terminal for a keyboard or a screen reader: how its keys work (its input's description), the
 * screen-reader mode switch, and the latest output as plain text, read on opening or Refresh only: a screen reader
 * reads it at its own pace, and the terminal's live region (screen-reader mode) announces new output.
 */
export function TerminalAccess({ noun, hintId, tabbed, screenReader, onScreenReader, read }: TerminalAccessProps) {
  const id = useId();
  const viewId = `${id}-output-text`;
  const [reading, setReading] = useState<(TerminalReading & { at: Date }) | null>(null);
  const region = useRef<HTMLElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const focusResult = useFocusResult();

  // Opening moves the focus into the text, so a screen reader starts reading it; Refresh leaves it on the button.
  const take = (focus: boolean) => {
    const next = read();
    if (!next) return;
    setReading({ ...next, at: new Date() });
    if (focus) focusResult(region);
  };

  const which = reading && tabbed ? `terminal ${reading.terminal + 1}` : `the ${noun}`;
  const name = reading && tabbed ? `Terminal ${reading.terminal + 1} output as text` : "Terminal output as text";
  return (
    <div className="space-y-2">
      <p id={hintId} className={NOTE}>
        Click the terminal or Tab to it, then type. {LEAVE_KEYS_TEXT} Ctrl+Shift+C and Ctrl+Shift+V (⌘C and ⌘V on a Mac)
        copy and paste; Ctrl+C copies a selection, otherwise it interrupts the running command.
        {tabbed && " On the terminal tabs, the arrow keys move between tabs and Delete closes the selected one."}
      </p>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <label className="inline-flex min-h-6 items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={screenReader}
            onChange={(event) => {
              setProblem(null);
              onScreenReader(event.target.checked).catch((error: unknown) => setProblem(notKeptMessage(error)));
            }}
            aria-describedby={`${id}-screen-reader-note`}
            data-testid="terminal-screen-reader"
            className="size-6 shrink-0 accent-brand-600"
          />
          Screen reader mode
        </label>
        <button
          type="button"
          aria-expanded={reading !== null}
          aria-controls={reading ? viewId : undefined}
          data-testid="terminal-text-toggle"
          onClick={() => (reading ? setReading(null) : take(true))}
          className={SMALL_BUTTON}
        >
          {reading ? "Hide output as text" : "Show output as text"}
        </button>
      </div>
      <p id={`${id}-screen-reader-note`} className={NOTE}>
        Screen reader mode lets a screen reader read the terminal's lines and announces new output as it arrives. It
        stays on for every terminal until you turn it off.
      </p>
      <Alert message={problem} className="text-sm" testId="terminal-screen-reader-problem" />
      {reading && (
        <div id={viewId} className="space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <p role="status" className={NOTE} data-testid="terminal-text-note">
              {reading.lines === 0
                ? `Nothing in ${which} yet, at ${reading.at.toLocaleTimeString()}.`
                : `The last ${reading.lines === 1 ? "line" : `${reading.lines} lines`} of ${which}, as they were at ` +
                  `${reading.at.toLocaleTimeString()}.`}
            </p>
            <button type="button" onClick={() => take(false)} className={SMALL_BUTTON}>
              Refresh
            </button>
          </div>
          {/* A region (a named section), focusable so the keyboard can scroll it; the program's text, as text only. */}
          <section
            ref={region}
            aria-label={name}
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to be scrolled.
            tabIndex={0}
            data-testid="terminal-text"
            className={
              "max-h-80 overflow-y-auto rounded border border-slate-300 bg-white " +
              "dark:border-slate-700 dark:bg-slate-900"
            }
          >
            <pre className="whitespace-pre-wrap wrap-anywhere p-2 font-mono text-xs text-slate-900 dark:text-slate-100">
              {reading.text}
            </pre>
          </section>
        </div>
      )}
    </div>
  );
}
