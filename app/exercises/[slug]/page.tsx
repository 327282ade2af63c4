import Link from "next/link";
import { DeadlineBanner } from "@/components/due/deadline-banner";
import { ExerciseHelp } from "@/components/exercise/exercise-help";
import { ExerciseWorkspace } from "@/components/exercise/exercise-workspace";
import { FixedFiles } from "@/components/exercise/fixed-files";
import { NewFeedbackNote } from "@/components/feedback/new-feedback-link";
import { LearnerHelp } from "@/components/help/learner-help";
import { ExerciseHistoryPanel } from "@/components/history/exercise-history-panel";
import { orNotFound } from "@/components/history/or-not-found";
import { LabMarkdown } from "@/components/labs/lab-markdown";
import { offerFromView, shellSettings } from "@/components/shell/offer-from-view";
import { HelpClosedNote } from "@/components/timed/help-closed-note";
import { TimedPanel } from "@/components/timed/timed-panel";
import { WarmUpNotice } from "@/components/warm-up/warm-up-notice";
import { type CurrentUser, currentUser } from "@/lib/auth/current-user";
import { loadCourse } from "@/lib/content/load-course";
import { loadDraft } from "@/lib/drafts/drafts";
import { editableFiles, loadExercise } from "@/lib/exercises/load-exercise";
import type { SubmittedFile } from "@/lib/file-sets/validate-files";
import { currentWarmUp } from "@/lib/platform/warm-up-store";
import { shellView } from "@/lib/shell/shell-view";
import { unseenFeedback } from "@/lib/submissions/comments";
import { latestSubmission } from "@/lib/submissions/get-submission";
import { loadSubmissionView } from "@/lib/submissions/submission-view";
import { earlierFeedbackClosedBefore, readerTimed } from "@/lib/timed/timed-windows";

export const dynamic = "force-dynamic";

export default async function ExercisePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const exercise = await orNotFound(loadExercise(slug));
  const [user, course, warmUp] = await Promise.all([currentUser(), loadCourse(), currentWarmUp()]);
  const [draft, latest, feedback] = user
    ? await Promise.all([loadDraft(user.id, slug), latestSubmission(user.id, slug), unseenFeedback(user.id, [slug])])
    : [null, null, undefined];
  const feedbackOn = feedback?.get(slug);
  const [timed, closedBefore] = user
    ? await Promise.all([
        readerTimed(user, { kind: "exercise", item: slug }),
        earlierFeedbackClosedBefore(user.id, { kind: "exercise", itemSlug: slug }),
      ])
    : [undefined, null];
  // While a timed window on it runs, the report of an attempt from before it is closed (its files still open).
  const latestShown = latest && !(closedBefore && latest.createdAt < closedBefore) ? latest : null;
  // Start from the learner's draft, else their last submission, so a reload never loses their work.
  const files = editableFiles(exercise, (draft?.files ?? latest?.files ?? []) as SubmittedFile[]);

  return (
    <>
      <p className="text-sm text-slate-500 dark:text-slate-400">Exercise</p>
      <h1 className="mt-1 text-4xl font-bold tracking-tight">{exercise.spec.title}</h1>
      {user && <DeadlineBanner userId={user.id} kind="exercise" itemSlug={slug} />}
      {timed && <TimedPanel kind="exercise" itemSlug={slug} initial={timed} />}
      {feedbackOn && !closedBefore && <NewFeedbackNote exercise={slug} attemptId={feedbackOn} />}
      <div className="mt-4" data-testid="exercise-prompt">
        <LabMarkdown text={exercise.spec.prompt} />
      </div>
      {exercise.spec.lesson && (
        <p className="mt-2 text-sm">
          Background:{" "}
          <Link className="underline" href={`/lessons/${exercise.spec.lesson}`}>
            the lesson for this exercise
          </Link>
          .
        </p>
      )}
      <WarmUpNotice kind="exercise" initial={warmUp} />
      {user ? (
        <>
          <ExerciseWorkspace
            exercise={slug}
            initialFiles={files}
            draftRevision={draft?.revision ?? 0}
            fixedFiles={exercise.fixed}
            checks={exercise.spec.checks}
            lessons={course.lessons.map((l) => l.slug)}
            latest={latestShown ? await latestAttempt(user, latestShown.id) : undefined}
            shell={shellSettings(exercise.spec)}
          />
          {timed?.helpClosed ? (
            <HelpClosedNote />
          ) : (
            <>
              <ExerciseHelp exercise={slug} userId={user.id} />
              <LearnerHelp userId={user.id} kind="exercise" slug={slug} />
            </>
          )}
          <ExerciseHistoryPanel exercise={slug} userId={user.id} />
        </>
      ) : (
        <>
          {/* Signed in, the fixed files are read-only tabs of the editor. */}
          <FixedFiles files={exercise.fixed} />
          <p
            className="mt-8 rounded-lg border border-slate-200 p-5 dark:border-slate-700"
            data-testid="sign-in-to-submit"
          >
            <Link className="underline" href={`/sign-in?next=/exercises/${slug}`}>
              Sign in
            </Link>{" "}
            to write and submit your Dockerfile.
          </p>
        </>
      )}
    </>
  );
}

async function latestAttempt(user: CurrentUser, id: string) {
  const [view, shell] = await Promise.all([loadSubmissionView(id), shellView(user, id)]);
  return { id, view, shell: offerFromView(shell) };
}
