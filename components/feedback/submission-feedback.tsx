import type { CommentThread } from "@/lib/submissions/comments";
import { CommentForm } from "./comment-form";
import { CommentList, type ThreadProps } from "./comment-list";

/** The comments on the whole submission, with staff's comment box; nothing for a learner with no feedback. */
export function SubmissionFeedback({ submissionId, thread, reader }: ThreadProps & { thread: CommentThread }) {
  const whole = thread.comments.filter((c) => c.path === undefined);
  const onLines = thread.comments.length - whole.length;
  if (reader === "learner" && thread.comments.length === 0) return null;
  return (
    <section aria-labelledby="feedback-title" className="mt-8" data-testid="submission-feedback">
      <h2 id="feedback-title" className="mb-3 text-2xl font-semibold">
        Feedback
      </h2>
      {whole.length > 0 && <CommentList submissionId={submissionId} comments={whole} reader={reader} />}
      {onLines > 0 && (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400" data-testid="line-comment-count">
          {onLines === 1 ? "1 comment is" : `${onLines} comments are`} on lines of the files below.
        </p>
      )}
      {reader === "staff" && thread.canComment && thread.comments.length === 0 && (
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
          No comments yet. Comment on the whole submission here, or on a line with its number in the files below.
        </p>
      )}
      {reader === "staff" && thread.canComment && (
        <div className="mt-3">
          <CommentForm submissionId={submissionId} />
        </div>
      )}
    </section>
  );
}
