"use client";

import { useRouter } from "next/navigation";
import { Alert } from "@/components/http/alert";
import { useSend } from "@/components/http/use-request";
import { commentsUrl } from "./comments-url";

/** Deletes a comment after asking; the page is rendered again without it. */
export function DeleteCommentButton({ submissionId, commentId }: { submissionId: string; commentId: string }) {
  const router = useRouter();
  const { busy, error, send } = useSend();

  async function remove() {
    if (!window.confirm("Delete this comment? The learner will no longer see it.")) return;
    if (await send("DELETE", `${commentsUrl(submissionId)}/${encodeURIComponent(commentId)}`)) router.refresh();
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
