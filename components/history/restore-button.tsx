"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/http/alert";
import { OUTLINE_BUTTON } from "@/components/http/form-styles";
import { sendJson } from "@/components/http/send-json";

type RestoreProps = { exercise: string; attemptId: string; number: number };

/** Replaces the draft with an attempt's files after asking, then opens the exercise; nothing else is recorded. */
export function RestoreButton({ exercise, attemptId, number }: RestoreProps) {
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
      <button type="button" onClick={restore} disabled={busy} className={OUTLINE_BUTTON}>
        {busy ? "Restoring…" : "Restore these files"}
      </button>
      <Alert className="mt-2 text-sm" testId="restore-error" message={error} />
    </div>
  );
}
