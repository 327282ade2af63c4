import type { Metadata } from "next";
import { AttemptCredit } from "@/components/due/attempt-credit";
import { ResultReport } from "@/components/exercise/result-report";
import { SubmissionStream } from "@/components/exercise/submission-stream";
import { CommentedFiles } from "@/components/feedback/commented-files";
import { MarkFeedbackSeen } from "@/components/feedback/mark-feedback-seen";
import { SubmissionFeedback } from "@/components/feedback/submission-feedback";
import { AttemptTime } from "@/components/history/attempt-time";
import { CompareForm, sideOptions } from "@/components/history/compare-form";
import { defaultSides } from "@/components/history/default-sides";
import { HistoryNav } from "@/components/history/history-nav";
import { orNotFound } from "@/components/history/or-not-found";
import { attemptPath, comparePath } from "@/components/history/paths";
import { RegradeNote } from "@/components/history/regrade-note";
import { RestoreButton } from "@/components/history/restore-button";
import { Score, Verdict } from "@/components/history/verdict";
import { PageSection } from "@/components/instructor/page-section";
import { TextLink } from "@/components/layout/text-link";
import { AttemptRubrics } from "@/components/rubrics/attempt-rubrics";
import { offerFromView, shellSettings } from "@/components/shell/offer-from-view";
import type { ShellOffer } from "@/components/shell/shell-offer";
import { signedInPage } from "@/lib/access/roles";
import type { CurrentUser } from "@/lib/auth/current-user";
import { loadCourse } from "@/lib/content/load-course";
import { loadExercise } from "@/lib/exercises/load-exercise";
import { shellView } from "@/lib/shell/shell-view";
import { listComments } from "@/lib/submissions/comments";
import { type Attempt, attemptName, listAttempts, loadAttempt } from "@/lib/submissions/history";
import { isFinalStatus } from "@/lib/submissions/lifecycle";
import { loadSubmissionView } from "@/lib/submissions/submission-view";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Attempt" };

export default async function AttemptPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const exercise = await orNotFound(loadExercise(slug));
  const user = await signedInPage(attemptPath(slug, id));
  const attempt = await orNotFound(loadAttempt(user.id, slug, id));
  const [attempts, course, thread] = await Promise.all([
    listAttempts(user.id, slug),
    loadCourse(),
    listComments(user, attempt.id),
  ]);
  const lessons = course.lessons.map((l) => l.slug);
  return (
    <div className="mx-auto max-w-5xl">
      <HistoryNav slug={slug} label="Attempt" />
      <h1 className="mt-2 text-4xl font-bold tracking-tight">{attemptName(attempt)}</h1>
      <RegradeNote exercise={slug} attempt={attempt} />
      <p className="mt-2 text-lg text-slate-600 dark:text-slate-300">{exercise.spec.title}</p>
      <p className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm" data-testid="attempt-summary">
        <Verdict status={attempt.status} />
        <span className="tabular-nums">
          Score: <Score score={attempt.score} />
        </span>
        <span>
          Submitted <AttemptTime date={attempt.createdAt} />
        </span>
      </p>
      <AttemptCredit userId={user.id} exercise={slug} attempt={attempt} attempts={attempts} />
      <AttemptRubrics userId={user.id} exercise={slug} originalId={attempt.regradeOf ?? attempt.id} />
      <div className="mt-4 flex flex-wrap items-start gap-4">
        <RestoreButton exercise={slug} attemptId={attempt.id} number={attempt.number} />
        <TextLink href={comparePath(slug, attempt.id, "draft")} className="py-1.5 text-sm">
          Compare with your current draft
        </TextLink>
      </div>
      {/* Staff feedback on this attempt comes first: it is what the learner came back for. */}
      <SubmissionFeedback submissionId={attempt.id} thread={thread} reader="learner" />
      <MarkFeedbackSeen submissionId={attempt.id} ids={thread.comments.filter((c) => !c.seen).map((c) => c.id)} />
      <PageSection id="compare-title" title="Compare" className="mt-6" heading="sr-only">
        <CompareForm exercise={slug} options={sideOptions(attempts)} {...defaultSides(attempts, attempt.id)} />
      </PageSection>
      <PageSection id="files-title" title="Files" className="mt-8" heading="mb-3 text-2xl font-semibold">
        <CommentedFiles
          submissionId={attempt.id}
          files={attempt.files}
          comments={thread.comments.filter((c) => c.path !== undefined)}
          reader="learner"
        />
      </PageSection>
      <PageSection id="report-title" title="Report" className="mt-8" heading="mb-3 text-2xl font-semibold">
        <Report attempt={attempt} lessons={lessons} shell={shellSettings(exercise.spec)} user={user} />
      </PageSection>
    </div>
  );
}

async function Report({
  attempt,
  lessons,
  shell,
  user,
}: {
  attempt: Attempt;
  lessons: string[];
  shell: Pick<ShellOffer, "readOnlyRootfs" | "tryThese">;
  user: CurrentUser;
}) {
  // Still being graded: follow it live, as the exercise page does.
  if (!isFinalStatus(attempt.status)) {
    return (
      <SubmissionStream
        submissionId={attempt.id}
        initial={await loadSubmissionView(attempt.id)}
        lessons={lessons}
        shell={{ ...shell, submissionId: attempt.id }}
      />
    );
  }
  if (attempt.result) {
    // An older attempt's image is usually gone (kept 30 minutes): the offer then says so.
    const offer = { ...shell, submissionId: attempt.id, ...offerFromView(await shellView(user, attempt.id)) };
    return <ResultReport result={attempt.result} lessons={lessons} shell={offer} />;
  }
  return (
    <p className="rounded border border-slate-200 p-4 dark:border-slate-700" data-testid="no-report">
      {attempt.resultUnreadable
        ? "This attempt's report can no longer be shown; its files are above."
        : (attempt.errorMessage ?? "This attempt was not graded.")}
      {attempt.status === "error" && " It does not count against you."}
    </p>
  );
}
