"use client";

import { RegradeProgress } from "./regrade-progress";
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
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300" data-testid="regrade-error">
          {error}
        </p>
      )}
      {started && <RegradeProgress batchId={started.batchId} total={started.total} />}
    </div>
  );
}
