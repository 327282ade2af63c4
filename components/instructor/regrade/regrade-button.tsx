"use client";

import { RegradeOutcome } from "./regrade-progress";
import { regradeButtonClass, useStartRegrade } from "./start-regrade";

/** Grades one submission again (a re-grade's original, when shown a re-grade) and follows it to the end. */
export function RegradeButton({ submissionId }: { submissionId: string }) {
  const { busy, error, started, start } = useStartRegrade(
    `/api/instructor/submissions/${encodeURIComponent(submissionId)}/regrade`,
  );
  return (
    <div>
      <button
        type="button"
        onClick={start}
        disabled={busy || started !== undefined}
        className={regradeButtonClass}
        data-testid="regrade-button"
      >
        {busy ? "Starting…" : "Re-grade"}
      </button>
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        Grades the same files again with the exercise&apos;s current checks. The learner sees the re-grade among their
        attempts; the newest finished grading stands for the attempt.
      </p>
      <RegradeOutcome error={error} started={started} />
    </div>
  );
}
