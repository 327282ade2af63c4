import Link from "next/link";
import type { ReactNode } from "react";
import { SubmissionStream } from "@/components/exercise/submission-stream";
import { CommentedFiles } from "@/components/feedback/commented-files";
import { SubmissionFeedback } from "@/components/feedback/submission-feedback";
import { AttemptTime } from "@/components/history/attempt-time";
import { Verdict } from "@/components/history/verdict";
import { TextLink } from "@/components/layout/text-link";
import type { ShellOffer } from "@/components/shell/shell-offer";
import { submissionPath } from "@/components/submission-paths/submission-paths";
import type { RelatedSubmission, SubmissionDetail } from "@/lib/instructor/submissions";
import type { CommentThread } from "@/lib/submissions/comments";
import { PageSection } from "../page-section";
import { learnerPath } from "../paths";
import { RegradeButton } from "../regrade/regrade-button";
import { Fact } from "../tables/data-table";

const sectionTitle = "mb-3 text-2xl font-semibold";

type Props = { detail: SubmissionDetail; shell?: ShellOffer; comments: CommentThread; grading?: ReactNode };

/**
 * One submission for an instructor: who, what and when, its re-grade links, its files and what its learner saw, by the
 * learner pages' own components; `shell` offers a shell in the learner's image; `comments`, the staff feedback and its
 * boxes; `grading`, the boxes that grade it by its class's rubrics, if any.
 */
export function SubmissionDetailView({ detail, shell, comments, grading }: Props) {
  const { learner, exercise } = detail;
  return (
    <div data-testid="submission-view" data-submission={detail.id} data-status={detail.status}>
      <p className="text-sm text-slate-500 dark:text-slate-400">{detail.regradeOf ? "Re-grade" : "Submission"}</p>
      {/* The learner's name may be of any length: cut short after three lines, the whole of it in the title. */}
      <h1
        className="mt-1 line-clamp-3 text-3xl font-bold tracking-tight wrap-anywhere"
        title={`${exercise.title} by ${learner.name}`}
      >
        {exercise.title} <span className="font-normal text-slate-500 dark:text-slate-400">by {learner.name}</span>
      </h1>
      <dl
        // grid-cols-1 on a phone too: an implicit column would be as wide as the longest name, cut short or not.
        className="mt-4 grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-3"
        data-testid="submission-facts"
      >
        <Fact label="Learner">
          {learner.role === "learner" ? (
            <TextLink href={learnerPath(learner.id)} title={learner.name} className="block truncate">
              {learner.name}
            </TextLink>
          ) : (
            <span className="block truncate" title={learner.name}>{`${learner.name} (${learner.role})`}</span>
          )}
          <span className="block break-all text-slate-500 dark:text-slate-400">{learner.email}</span>
        </Fact>
        <Fact label="Exercise">
          <Link href={`/exercises/${exercise.slug}`} className="hover:underline">
            {exercise.title}
          </Link>
        </Fact>
        <Fact label="Status">
          <Verdict status={detail.status} />
        </Fact>
        <Fact label={detail.regradeOf ? "Re-grade requested" : "Submitted"}>
          <AttemptTime date={detail.createdAt} />
        </Fact>
        <Fact label="Grading started">{detail.startedAt ? <AttemptTime date={detail.startedAt} /> : "not yet"}</Fact>
        <Fact label="Finished">{detail.finishedAt ? <AttemptTime date={detail.finishedAt} /> : "not yet"}</Fact>
        <Fact label="Runner">
          {detail.runnerId ? <code className="break-all text-xs">{detail.runnerId}</code> : "none yet"}
        </Fact>
        {detail.errorMessage && (
          <Fact label="Error message">
            <span data-testid="submission-error">{detail.errorMessage}</span>
          </Fact>
        )}
        {detail.regradeOf && (
          <Fact label="Re-grades">
            <Related submission={detail.regradeOf} label="the learner's original submission" />
          </Fact>
        )}
        {detail.regrades.length > 0 && (
          <Fact label="Re-graded by">
            <ul className="space-y-1" data-testid="submission-regrades">
              {detail.regrades.map((r) => (
                <li key={r.id}>
                  <Related submission={r} label="re-grade" />
                </li>
              ))}
            </ul>
          </Fact>
        )}
      </dl>
      <div className="mt-5">
        <RegradeButton submissionId={detail.id} />
      </div>
      {grading}
      <SubmissionFeedback submissionId={detail.id} thread={comments} reader="staff" />
      <PageSection id="files-title" title="Files" className="mt-8" heading={sectionTitle}>
        <div data-testid="submission-files">
          <CommentedFiles
            submissionId={detail.id}
            files={detail.files}
            comments={comments.comments.filter((c) => c.path !== undefined)}
            reader={comments.canComment ? "staff" : "learner"}
          />
        </div>
      </PageSection>
      <PageSection id="seen-title" title="What the learner saw" className="mt-8" heading={sectionTitle}>
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
          The status, report and build log exactly as the exercise page shows them to the learner
          {detail.status === "queued" || detail.status === "running" ? ", following the grading live" : ""}.
        </p>
        <SubmissionStream
          submissionId={detail.id}
          initial={detail.view}
          lessons={detail.lessons}
          shell={shell}
          attemptLinks="instructor"
        />
      </PageSection>
    </div>
  );
}

function Related({ submission, label }: { submission: RelatedSubmission; label: string }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <TextLink href={submissionPath(submission.id)}>{label}</TextLink>
      <Verdict status={submission.status} />
      <AttemptTime date={submission.createdAt} />
    </span>
  );
}
