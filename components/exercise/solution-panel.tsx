"use client";

import { useEffect, useRef, useState } from "react";
import { DiffView } from "@/components/history/diff-view";
import { FileListing } from "@/components/history/file-listing";
import { useViewer } from "@/components/layout/viewer";
import type { SolutionView } from "@/lib/exercises/solution";

/**
 * The reference solution, once the learner has passed or the due dates have opened it: a diff from their last
 * attempt, and the files whole. Until then only the reason; after a grade arrives (the viewer refreshes) it asks the
 * server again, which sends no file of it until it opens.
 */
export function SolutionPanel({ exercise, initial }: { exercise: string; initial: SolutionView }) {
  const [state, setState] = useState(initial);
  const [announcement, setAnnouncement] = useState("");
  const { viewer } = useViewer();
  const seenViewer = useRef<typeof viewer>(undefined);
  const wasOpen = useRef(state.open);
  wasOpen.current = state.open;

  useEffect(() => {
    const previous = seenViewer.current;
    seenViewer.current = viewer;
    if (!previous || !viewer) return;
    let cancelled = false;
    void fetch(`/api/exercises/${exercise}/solution`, { cache: "no-store" })
      .then(async (response) => (response.ok ? ((await response.json()) as SolutionView) : undefined))
      .then((view) => {
        if (!view || cancelled) return;
        if (view.open && !wasOpen.current) setAnnouncement("The reference solution is open.");
        setState(view);
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [viewer, exercise]);

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
      {state.open ? (
        <>
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
            {state.solution.by === "passed"
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
