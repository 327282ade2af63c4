"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { Alert } from "@/components/http/alert";
import { fetchForEffect } from "@/components/http/fetch-for-effect";
import { sendJson } from "@/components/http/send-json";
import { LabMarkdown } from "@/components/labs/lab-markdown";
import { useViewer } from "@/components/viewer/viewer";
import type { HintsView } from "@/lib/exercises/hints";

const button =
  "rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 focus-visible:outline-2 " +
  "disabled:opacity-60 dark:border-slate-600 dark:hover:bg-slate-800";
const hintBox = "rounded border border-amber-200 bg-amber-50 p-3 text-sm dark:border-amber-900 dark:bg-amber-950/40";
const primary =
  "rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 focus-visible:outline-2 " +
  "disabled:opacity-60";

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** When the next hint opens by itself, in words. */
function nextHintNote(view: HintsView): string {
  const next = view.next;
  if (!next) return view.total === 0 ? "" : "Every hint is open.";
  const locked = `${plural(view.remaining, "hint")} left.`;
  if (next.afterMoreFailures === undefined) return `${locked} Hint ${next.index + 1} opens only when you ask for it.`;
  return `${locked} Hint ${next.index + 1} unlocks after ${plural(next.afterMoreFailures, "more failed attempt")}.`;
}

/**
 * The exercise's hints: the open ones, and a button that opens the next one after the learner confirms that their
 * instructor will see they asked. Locked hints reach the browser only once the server has opened them. Hints that
 * failed attempts open appear after a grade arrives (the viewer refreshes then).
 */
export function HintsPanel({ exercise, initial }: { exercise: string; initial: HintsView }) {
  const [view, setView] = useState(initial);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [announcement, setAnnouncement] = useState("");
  const { viewer } = useViewer();
  const seenViewer = useRef<typeof viewer>(undefined);
  const hintsUrl = `/api/exercises/${exercise}/hints`;
  const confirmButton = useRef<HTMLButtonElement>(null);
  const [focusHint, setFocusHint] = useState<number>();
  const newHint = useRef<HTMLHeadingElement>(null);
  // The hint just asked for takes the focus of the confirmation that went away.
  useEffect(() => {
    if (focusHint !== undefined) newHint.current?.focus();
  }, [focusHint]);
  // The confirmation replaces the button that asked for it: keyboard focus goes with it.
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  const current = useRef(view);
  current.current = view;

  const show = useCallback((next: HintsView) => {
    const before = current.current;
    setView(next);
    const opened = next.open.filter((h) => h.index >= before.open.length);
    if (opened.length > 0) setAnnouncement(`Hint ${opened.map((h) => h.index + 1).join(" and ")} is open.`);
  }, []);

  // A later viewer refresh means a grade may have arrived: failed attempts may have opened a hint.
  useEffect(() => {
    const previous = seenViewer.current;
    seenViewer.current = viewer;
    if (!previous || !viewer) return;
    return fetchForEffect(hintsUrl, { cache: "no-store" }, show);
  }, [viewer, hintsUrl, show]);

  async function requestNext(index: number) {
    setBusy(true);
    setError(undefined);
    const answer = await sendJson<HintsView>("POST", hintsUrl, { index });
    setBusy(false);
    if (!answer.ok) {
      setError(answer.message);
      return;
    }
    show(answer.data);
    setConfirming(false);
    setFocusHint(index);
  }

  if (view.total === 0) return null;
  return (
    <section
      aria-labelledby="hints-title"
      className="mt-8 rounded-lg border border-slate-200 p-4 dark:border-slate-700"
      data-testid="hints-panel"
    >
      <h2 id="hints-title" className="text-lg font-semibold">
        Hints
      </h2>
      {view.open.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          This exercise has {plural(view.total, "hint")}. Try it first: they open one at a time.
        </p>
      ) : (
        <ol className="mt-2 space-y-3">
          {view.open.map((hint) => (
            <li key={hint.index} className={hintBox} data-testid="hint" data-hint={hint.index}>
              <h3
                className="font-semibold"
                ref={hint.index === focusHint ? newHint : undefined}
                tabIndex={hint.index === focusHint ? -1 : undefined}
              >
                Hint {hint.index + 1}
              </h3>
              <LabMarkdown text={hint.text} className="mt-1 space-y-2 leading-6 break-words" />
            </li>
          ))}
        </ol>
      )}
      <p className="mt-3 text-sm text-slate-600 dark:text-slate-400" data-testid="hints-next">
        {nextHintNote(view)}
      </p>
      {view.next && !confirming && (
        <button type="button" className={`mt-3 ${button}`} onClick={() => setConfirming(true)}>
          Show next hint
        </button>
      )}
      {view.next && confirming && (
        <div className="mt-3 rounded border border-slate-200 p-3 text-sm dark:border-slate-700">
          <p id="hint-confirm-text">
            Your instructor will see that you asked for hint {view.next.index + 1}. Show it now?
          </p>
          <div className="mt-2 flex flex-wrap gap-2">
            <button
              ref={confirmButton}
              type="button"
              className={primary}
              aria-describedby="hint-confirm-text"
              disabled={busy}
              onClick={() => view.next && void requestNext(view.next.index)}
            >
              {busy ? "Opening…" : `Show hint ${view.next.index + 1}`}
            </button>
            <button type="button" className={button} disabled={busy} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <Alert className="mt-2 text-sm" message={error} />
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
    </section>
  );
}
