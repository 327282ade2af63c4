"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { commentsUrl, sendCommentRequest } from "./send-comment-request";

/** Deletes a comment after asking; the page is rendered again without it. */
export function DeleteCommentButton({ submissionId, commentId }: { submissionId: string; commentId: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function remove() {
    if (!window.confirm("Delete this comment? The learner will no longer see it.")) return;
    setBusy(true);
    setError(undefined);
    const failure = await sendCommentRequest(
      `${commentsUrl(submissionId)}/${encodeURIComponent(commentId)}`,
      { method: "DELETE" },
      "The comment could not be deleted",
    );
    setBusy(false);
    if (failure) setError(failure);
    else router.refresh();
  }

  return (
    <>
      <button type="button" onClick={remove} disabled={busy} className="text-xs underline disabled:opacity-60">
        {busy ? "Deleting…" : "Delete"}
      </button>
      {error && (
        <span role="alert" className="block text-xs text-red-700 dark:text-red-300">
          {error}
        </span>
      )}
    </>
  );
}
