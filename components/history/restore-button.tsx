"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/http/alert";
import { sendJson } from "@/components/http/send-json";

/**
 * Replaces the learner's draft with an attempt's files, after asking, then opens the exercise, which starts from the
 * draft. Nothing else is recorded: no submission, no event.
 */
export function RestoreButton({
  exercise,
  attemptId,
  number,
}: {
  exercise: string;
  attemptId: string;
  number: number;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function restore() {
    const question =
      `Replace your current draft with the files of attempt ${number}? ` +
      "Your draft's current contents will be overwritten.";
    if (!window.confirm(question)) return;
    setBusy(true);
    setError(undefined);
    const url = `/api/exercises/${exercise}/attempts/${attemptId}/restore`;
    const answer = await sendJson("POST", url, undefined, "The files could not be restored");
    if (answer.ok) return router.push(`/exercises/${exercise}`);
    setError(answer.message);
    setBusy(false);
  }

  return (
    <div>
      <button
        type="button"
        onClick={restore}
        disabled={busy}
        className={
          "rounded border border-brand-600 px-3 py-1.5 text-sm font-medium text-brand-600 hover:bg-brand-600 " +
          "hover:text-white disabled:opacity-60 dark:border-sky-400 dark:text-sky-300 dark:hover:bg-sky-800"
        }
      >
        {busy ? "Restoring…" : "Restore these files"}
      </button>
      <Alert className="mt-2 text-sm" testId="restore-error" message={error} />
    </div>
  );
}
