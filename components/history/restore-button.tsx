"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

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
    try {
      const response = await fetch(`/api/exercises/${exercise}/attempts/${attemptId}/restore`, { method: "POST" });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `The files could not be restored (HTTP ${response.status}).`);
      }
      router.push(`/exercises/${exercise}`);
    } catch (err) {
      // fetch rejects with a TypeError when the request never got an answer.
      const unreachable = err instanceof TypeError || !(err instanceof Error);
      setError(unreachable ? "The server could not be reached. Please try again." : err.message);
      setBusy(false);
    }
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
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300" data-testid="restore-error">
          {error}
        </p>
      )}
    </div>
  );
}
