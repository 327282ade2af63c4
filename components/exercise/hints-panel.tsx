"use client";

import { useEffect, useRef, useState } from "react";
import { Alert } from "@/components/http/alert";
import { fetchForEffect } from "@/components/http/fetch-for-effect";
import { useFocusWhen } from "@/components/http/focus-result";
import { useSend } from "@/components/http/use-request";
import { LabMarkdown } from "@/components/labs/lab-markdown";
import { useViewer } from "@/components/viewer/viewer";
import type { HintsView } from "@/lib/exercises/hints";
import { plural } from "@/lib/format/numbers";

export const panelButton =
  "rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 focus-visible:outline-2 " +
  "disabled:opacity-60 dark:border-slate-600 dark:hover:bg-slate-800";
const hintBox = "rounded border border-amber-200 bg-amber-50 p-3 text-sm dark:border-amber-900 dark:bg-amber-950/40";
const primary =
  "rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 focus-visible:outline-2 " +
  "disabled:opacity-60";

/** When the next hint opens by itself, in words. */
function nextHintNote(view: HintsView): string {
  const next = view.next;
  if (!next) return view.total === 0 ? "" : "Every hint is open.";
  const locked = `${plural(view.remaining, "hint")} left.`;
  if (next.afterMoreFailures === undefined) return `${locked} Hint ${next.index + 1} opens only when you ask for it.`;
  return `${locked} Hint ${next.index + 1} unlocks after ${plural(next.afterMoreFailures, "more failed attempt")}.`;
}

/** After a later viewer refresh (a grade may have arrived), asks `url` again and hands the answer to `use`. */
export function useAfterGrade<T>(url: string, use: (answer: T) => void) {
  const { viewer } = useViewer();
  const seen = useRef<typeof viewer>(undefined);
  const latest = useRef(use);
  latest.current = use;
  useEffect(() => {
    const previous = seen.current;
    seen.current = viewer;
    if (!previous || !viewer) return;
    return fetchForEffect<T>(url, { cache: "no-store" }, (answer) => latest.current(answer));
  }, [viewer, url]);
}

/** The open hints, and the next on request once the learner confirms their instructor will see they asked. */
export function HintsPanel({ exercise, initial }: { exercise: string; initial: HintsView }) {
  const [view, setView] = useState(initial);
  const [confirming, setConfirming] = useState(false);
  const { busy, error, send } = useSend();
  const [announcement, setAnnouncement] = useState("");
  const hintsUrl = `/api/exercises/${exercise}/hints`;
  const [focusHint, setFocusHint] = useState<number>();
  const newHint = useRef<HTMLHeadingElement>(null);
  // The hint just asked for takes the focus of the confirmation that went away.
  useEffect(() => {
    if (focusHint !== undefined) newHint.current?.focus();
  }, [focusHint]);
  // The confirmation replaces the button that asked for it: keyboard focus goes with it.
  const confirmButton = useFocusWhen<HTMLButtonElement>(confirming);

  const current = useRef(view);
  current.current = view;

  const show = (next: HintsView) => {
    const before = current.current;
    setView(next);
    const opened = next.open.filter((h) => h.index >= before.open.length);
    if (opened.length > 0) setAnnouncement(`Hint ${opened.map((h) => h.index + 1).join(" and ")} is open.`);
  };
  // Failed attempts may have opened a hint.
  useAfterGrade(hintsUrl, show);

  async function requestNext(index: number) {
    const answer = await send<HintsView>("POST", hintsUrl, { index });
    if (!answer) return;
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
        <button type="button" className={`mt-3 ${panelButton}`} onClick={() => setConfirming(true)}>
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
            <button type="button" className={panelButton} disabled={busy} onClick={() => setConfirming(false)}>
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
