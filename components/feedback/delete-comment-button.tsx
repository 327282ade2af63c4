"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/http/alert";
import { sendForProblem } from "@/components/http/send-json";
import { commentsUrl } from "./comments-url";

/** Deletes a comment after asking; the page is rendered again without it. */
export function DeleteCommentButton({ submissionId, commentId }: { submissionId: string; commentId: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function remove() {
    if (!window.confirm("Delete this comment? The learner will no longer see it.")) return;
    setBusy(true);
    setError(undefined);
    const failure = await sendForProblem("DELETE", `${commentsUrl(submissionId)}/${encodeURIComponent(commentId)}`);
    setBusy(false);
    if (failure) setError(failure);
    else router.refresh();
  }

  return (
    <>
      <button type="button" onClick={remove} disabled={busy} className="text-xs underline disabled:opacity-60">
        {busy ? "Deleting…" : "Delete"}
      </button>
      <Alert className="block text-xs" inline message={error} />
    </>
  );
}
