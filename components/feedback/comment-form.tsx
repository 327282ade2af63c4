"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Alert } from "@/components/http/alert";
import { useFocusWhen } from "@/components/http/focus-result";
import { OUTLINE_BUTTON } from "@/components/http/form-styles";
import { useSend } from "@/components/http/use-request";
import { COMMENT_LIMITS, commentBodyProblem, normaliseCommentBody } from "@/lib/submissions/comment-rules";
import { commentsUrl } from "./comments-url";

/** A staff comment box on the submission or (`place`) a line; the page then renders again, with the comment. */
export function CommentForm({
  submissionId,
  place,
  onDone,
}: {
  submissionId: string;
  place?: { path: string; line: number };
  /** Given for a line's box, which closes after sending or on Cancel. */
  onDone?: () => void;
}) {
  const router = useRouter();
  const id = useId();
  const [body, setBody] = useState("");
  const { busy, error, setError, send: post } = useSend();
  // A line's box opens when its number is pressed: the writer means to type in it at once.
  const input = useFocusWhen<HTMLTextAreaElement>(place !== undefined);
  const label = place ? `Comment on line ${place.line} of ${place.path}` : "Comment on the whole submission";

  async function send(event: React.FormEvent) {
    event.preventDefault();
    const problem = commentBodyProblem(normaliseCommentBody(body));
    if (problem) return setError(problem);
    if (!(await post("POST", commentsUrl(submissionId), { body, ...place }))) return;
    setBody("");
    router.refresh();
    onDone?.();
  }

  return (
    <form
      onSubmit={send}
      // Escape closes a line's box, as Cancel does.
      onKeyDown={(event) => {
        if (event.key === "Escape" && onDone) onDone();
      }}
      className="space-y-2"
      data-testid="comment-form"
    >
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <textarea
        id={id}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        maxLength={COMMENT_LIMITS.bodyChars}
        rows={3}
        ref={input}
        className={
          "block w-full rounded border border-slate-300 bg-white p-2 text-sm " +
          "dark:border-slate-600 dark:bg-slate-900"
        }
      />
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={busy} className={OUTLINE_BUTTON}>
          {busy ? "Saving…" : "Comment"}
        </button>
        {onDone && (
          <button type="button" onClick={onDone} className="text-sm underline">
            Cancel
          </button>
        )}
        <span className="text-xs text-slate-500 dark:text-slate-400">
          The learner sees it on their attempt&apos;s page.
        </span>
      </div>
      <Alert className="text-sm" testId="comment-error" message={error} />
    </form>
  );
}
