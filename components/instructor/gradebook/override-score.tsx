"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/http/alert";
import { sendForProblem } from "@/components/http/send-json";

/**
 * A class instructor's way to set one learner's score by hand, or to remove an override, with the reason the admin
 * log keeps. Folded into the cell until opened, so the table stays a table.
 */
export function OverrideScore({
  classId,
  assignmentId,
  learnerId,
  learnerName,
  current,
  max,
}: {
  classId: string;
  assignmentId: string;
  learnerId: string;
  learnerName: string;
  /** The override in force, if any. */
  current: number | null;
  /** The highest score the assignment can earn: 100, more with early credit. */
  max: number;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const url = `/api/instructor/classes/${classId}/assignments/${assignmentId}/overrides/${learnerId}`;

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const reason = String(form.get("reason") ?? "");
    const remove = (event.nativeEvent as SubmitEvent).submitter?.getAttribute("value") === "remove";
    setBusy(true);
    setError(undefined);
    const problem = await sendForProblem(
      remove ? "DELETE" : "PUT",
      url,
      remove ? { reason } : { score: Number(form.get("score")), reason },
    );
    setBusy(false);
    if (problem) setError(problem);
    else router.refresh();
  }

  return (
    <details className="mt-1 text-left text-xs">
      <summary className="cursor-pointer text-brand-600 dark:text-sky-300">Override</summary>
      <form onSubmit={submit} className="mt-1 flex w-48 flex-col gap-1" aria-label={`Override ${learnerName}'s score`}>
        <label>
          Score (0–{max})
          <input
            name="score"
            type="number"
            min={0}
            max={max}
            step={1}
            defaultValue={current ?? undefined}
            required
            className="ml-1 w-16 rounded border border-slate-300 px-1 dark:border-slate-600 dark:bg-slate-900"
          />
        </label>
        <label>
          Reason
          <input
            name="reason"
            required
            maxLength={500}
            className="w-full rounded border border-slate-300 px-1 dark:border-slate-600 dark:bg-slate-900"
          />
        </label>
        <span className="flex gap-2">
          <button type="submit" value="set" disabled={busy} className="rounded bg-brand-600 px-2 py-0.5 text-white">
            Save
          </button>
          {current !== null && (
            <button type="submit" value="remove" disabled={busy} className="rounded border px-2 py-0.5" formNoValidate>
              Remove
            </button>
          )}
        </span>
        <Alert inline message={error} />
      </form>
    </details>
  );
}
