"use client";

import { useEffect, useRef, useState } from "react";
import { DiffView } from "@/components/history/diff-view";
import { FileListing } from "@/components/history/file-listing";
import { fetchForEffect } from "@/components/http/fetch-for-effect";
import { sendJson } from "@/components/http/send-json";
import { useViewer } from "@/components/viewer/viewer";
import type { ReferenceSolution, SolutionView } from "@/lib/solutions/solution";

const button =
  "rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 focus-visible:outline-2 " +
  "disabled:opacity-60 dark:border-slate-600 dark:hover:bg-slate-800";

/**
 * The reference solution, once the learner has passed or the due dates have opened it: a diff from their last
 * attempt, and the files whole, after the learner asks for them (the ask is recorded, and said so first). Until it
 * opens only the reason; after a grade arrives (the viewer refreshes) it asks the server again, which sends no file
 * of it until it opens and is asked for.
 */
export function SolutionPanel({ exercise, initial }: { exercise: string; initial: SolutionView }) {
  const [state, setState] = useState(initial);
  const [announcement, setAnnouncement] = useState("");
  const [asking, setAsking] = useState(false);
  const [askError, setAskError] = useState("");
  const [shown, setShown] = useState(false);
  const shownIntro = useRef<HTMLParagraphElement>(null);
  const { viewer } = useViewer();
  const seenViewer = useRef<typeof viewer>(undefined);
  const wasOpen = useRef(state.open);
  wasOpen.current = state.open;

  useEffect(() => {
    const previous = seenViewer.current;
    seenViewer.current = viewer;
    if (!previous || !viewer) return;
    return fetchForEffect<SolutionView>(`/api/exercises/${exercise}/solution`, { cache: "no-store" }, (view) => {
      if (view.open && !wasOpen.current) setAnnouncement("The reference solution is open.");
      setState(view);
    });
  }, [viewer, exercise]);

  // The solution takes the focus of the button that asked for it, which goes away.
  useEffect(() => {
    if (shown) shownIntro.current?.focus();
  }, [shown]);

  async function ask() {
    setAsking(true);
    setAskError("");
    const answer = await sendJson<ReferenceSolution>("POST", `/api/exercises/${exercise}/solution`);
    setAsking(false);
    if (!answer.ok) {
      setAskError(answer.message);
      return;
    }
    setState({ open: true, by: answer.data.by, solution: answer.data });
    setShown(true);
  }

  return (
    <section
      aria-labelledby="solution-title"
      className="mt-8 rounded-lg border border-slate-200 p-4 dark:border-slate-700"
      data-testid="solution-panel"
      data-open={state.open}
    >
      <h2 id="solution-title" className="text-lg font-semibold">
        Reference solution
      </h2>
      {state.open && state.solution ? (
        <>
          <p
            className="mt-2 text-sm text-slate-600 dark:text-slate-400"
            ref={shownIntro}
            tabIndex={shown ? -1 : undefined}
          >
            {state.by === "passed"
              ? "You passed this exercise, so here is the course's answer."
              : "This exercise can no longer earn credit, so here is the course's answer."}{" "}
            Below: what changes from {state.solution.comparedWith.label} to the reference solution.
          </p>
          <DiffView files={state.solution.diff} from={state.solution.comparedWith.label} to="the reference solution" />
          <details className="mt-4">
            <summary className="cursor-pointer text-sm font-medium">The reference solution&apos;s files, whole</summary>
            <div className="mt-3">
              <FileListing files={state.solution.files} />
            </div>
          </details>
        </>
      ) : state.open ? (
        <div data-testid="solution-ask">
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
            {state.by === "passed"
              ? "You passed this exercise, so the course's answer is open to you."
              : "This exercise can no longer earn credit, so the course's answer is open to you."}{" "}
            Your instructors see when you first open it: an attempt you hand in after that is marked as made after
            seeing the solution in your classes&apos; gradebooks.
          </p>
          <button type="button" className={`mt-3 ${button}`} onClick={ask} disabled={asking}>
            {asking ? "Opening the solution…" : "Show the reference solution"}
          </button>
          {askError ? (
            <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
              {askError}
            </p>
          ) : null}
        </div>
      ) : (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400" data-testid="solution-locked">
          {state.reason}
        </p>
      )}
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
    </section>
  );
}
