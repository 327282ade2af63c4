"use client";

import { useRef, useState } from "react";
import { DiffView } from "@/components/history/diff-view";
import { FileListing } from "@/components/history/file-listing";
import { useFocusResult } from "@/components/http/focus-result";
import { useSend } from "@/components/http/use-request";
import type { ReferenceSolution, SolutionView } from "@/lib/solutions/solution";
import { panelButton, useAfterGrade } from "./hints-panel";

/** The reference solution once open (passed, or by the due dates), shown when asked, which is recorded. */
export function SolutionPanel({ exercise, initial }: { exercise: string; initial: SolutionView }) {
  const [state, setState] = useState(initial);
  const [announcement, setAnnouncement] = useState("");
  const { busy: asking, error: askError, send } = useSend();
  const [shown, setShown] = useState(false);
  const shownIntro = useRef<HTMLParagraphElement>(null);
  const focusResult = useFocusResult();
  useAfterGrade<SolutionView>(`/api/exercises/${exercise}/solution`, (view) => {
    if (view.open && !state.open) setAnnouncement("The reference solution is open.");
    setState(view);
  });

  async function ask() {
    const answer = await send<ReferenceSolution>("POST", `/api/exercises/${exercise}/solution`);
    if (!answer) return;
    setState({ open: true, by: answer.data.by, solution: answer.data });
    // The solution takes the focus of the button that asked for it, which goes away.
    setShown(true);
    focusResult(shownIntro);
  }

  const why =
    state.open && state.by === "passed" ? "You passed this exercise" : "This exercise can no longer earn credit";
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
            {why}, so here is the course&apos;s answer. Below: what changes from {state.solution.comparedWith.label} to
            the reference solution.
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
            {why}, so the course&apos;s answer is open to you. Your instructors see when you first open it: an attempt
            you hand in after that is marked as made after seeing the solution in your classes&apos; gradebooks.
          </p>
          <button type="button" className={`mt-3 ${panelButton}`} onClick={ask} disabled={asking}>
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
