"use client";

import { RegradeOutcome } from "./regrade-progress";
import { regradeButtonClass, useStartRegrade } from "./start-regrade";

/**
 * "Re-grade all N submissions" of an exercise, after a confirmation, then its progress. `count` is what the page
 * knows of the exercise's graded attempts; the server decides what is re-graded (attempts already waiting for a
 * grade or a re-grade are left out) and the progress shows its own total.
 */
export function RegradeExerciseButton({ slug, count }: { slug: string; count: number }) {
  const { busy, error, started, start } = useStartRegrade(
    `/api/instructor/exercises/${encodeURIComponent(slug)}/regrade`,
  );
  const noun = count === 1 ? "submission" : "submissions";
  function confirmAndStart() {
    const question =
      `Re-grade all ${count} ${noun} of this exercise with its current checks? ` +
      "Each learner's attempt is graded again in the background, after learners' own submissions.";
    if (window.confirm(question)) void start();
  }
  return (
    <div>
      <button
        type="button"
        onClick={confirmAndStart}
        disabled={busy || started !== undefined || count === 0}
        className={regradeButtonClass}
        data-testid="regrade-all-button"
      >
        {busy ? "Starting…" : `Re-grade all ${count} ${noun}`}
      </button>
      <RegradeOutcome error={error} started={started} />
    </div>
  );
}
