import { AttemptTime } from "@/components/history/attempt-time";
import type { SubmissionComment } from "@/lib/submissions/comments";
import { DeleteCommentButton } from "./delete-comment-button";
import { newMarkColours } from "./new-mark";

/** Who reads a thread: staff see whether the learner has seen each comment; the learner sees which are new. */
type CommentReader = "staff" | "learner";

/** A submission's thread as one reader sees it. */
export type ThreadProps = { submissionId: string; reader: CommentReader };

/** Comments in order, with author and time; a body is plain text, new lines kept, long words broken. */
export function CommentList({ submissionId, comments, reader }: ThreadProps & { comments: SubmissionComment[] }) {
  return (
    <ol className="space-y-2">
      {comments.map((c) => (
        <li
          key={c.id}
          className={
            "rounded border border-amber-200 bg-amber-50 px-3 py-2 text-sm " +
            "dark:border-amber-900 dark:bg-amber-950/40"
          }
          data-testid="comment"
          data-comment={c.id}
        >
          <p className="flex flex-wrap items-baseline gap-x-2 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
            <span className="max-w-full truncate font-semibold text-slate-800 dark:text-slate-200" title={c.authorName}>
              {c.authorName}
            </span>
            <AttemptTime date={new Date(c.createdAt)} />
            {reader === "learner" && !c.seen && (
              <span className={`rounded px-1.5 font-medium ${newMarkColours}`}>New</span>
            )}
            {reader === "staff" && <span>{c.seen ? "seen by the learner" : "not seen yet"}</span>}
            {reader === "staff" && c.canDelete && <DeleteCommentButton submissionId={submissionId} commentId={c.id} />}
          </p>
          <p className="mt-1 whitespace-pre-wrap wrap-anywhere" data-testid="comment-body">
            {c.body}
          </p>
        </li>
      ))}
    </ol>
  );
}
