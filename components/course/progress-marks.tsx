"use client";

import Link from "next/link";
import { newMarkColours } from "@/components/feedback/new-mark";
import { useViewer } from "@/components/viewer/viewer";
import { ModuleProgress } from "./module-progress";

/**
 * A reader's progress on pages served the same to everyone: each mark appears once the browser knows who is
 * reading, and stays absent for visitors who are not signed in.
 */
export function CompletedMark({ slug, long = false }: { slug: string; long?: boolean }) {
  const { completed } = useViewer();
  if (!completed?.has(slug)) return null;
  return long ? (
    <span className="ml-2 text-sm text-emerald-600">✓ completed</span>
  ) : (
    <span className="ml-1 text-emerald-600" role="img" aria-label="completed">
      ✓
    </span>
  );
}

/**
 * Whether the reader has passed or tried a graded exercise, and whether staff feedback on it is waiting for them;
 * nothing for one not started, or for visitors.
 */
export function ExerciseMark({ slug }: { slug: string }) {
  const { viewer } = useViewer();
  const status = viewer?.user ? viewer.exercises[slug] : undefined;
  const newFeedback = viewer?.user ? viewer.newFeedback?.[slug] !== undefined : false;
  if (!status) return null;
  return (
    <>
      <span
        data-testid={`exercise-status-${slug}`}
        data-status={status}
        className={status === "passed" ? "ml-2 text-emerald-600" : "ml-2 text-slate-500 dark:text-slate-400"}
      >
        {status === "passed" ? "✓ passed" : "attempted, not passed yet"}
      </span>
      {/* Inside the exercise's link: a mark, not a link; the exercise page links to the attempt. */}
      {newFeedback && (
        <span
          data-testid={`exercise-feedback-${slug}`}
          className={`ml-2 whitespace-nowrap rounded px-1.5 text-xs font-medium ${newMarkColours}`}
        >
          New feedback
        </span>
      )}
    </>
  );
}

/**
 * How far the reader has got in a lab: its tasks done (of those it has now), or finished; nothing before its first
 * task, or for visitors.
 */
export function LabMark({ slug, taskIds }: { slug: string; taskIds: readonly string[] }) {
  const { viewer } = useViewer();
  const done = viewer?.labTasks?.[slug]?.filter((id) => taskIds.includes(id)).length ?? 0;
  if (done === 0) return null;
  const finished = done === taskIds.length;
  return (
    <span
      data-testid={`lab-status-${slug}`}
      data-finished={String(finished)}
      className={finished ? "ml-2 text-emerald-600" : "ml-2 text-slate-500 dark:text-slate-400"}
    >
      {finished ? "✓ finished" : `${done} of ${taskIds.length} tasks done`}
    </span>
  );
}

/** "n of m" for a group of lessons (a module), with a screen-reader sentence when `testId` asks for the long form. */
export function LessonsProgress({ slugs, label, testId }: { slugs: string[]; label: string; testId?: string }) {
  const { completed } = useViewer();
  if (!completed) return null;
  const done = slugs.filter((slug) => completed.has(slug)).length;
  return (
    <div className="mt-2" data-testid={testId}>
      <ModuleProgress completed={done} total={slugs.length} label={label} />
      {testId && (
        <span className="sr-only">
          {done} of {slugs.length} lessons completed
        </span>
      )}
    </div>
  );
}

/** The home page's "Your progress": the whole course and where to continue. */
export function CourseProgress({ lessons }: { lessons: { slug: string; title: string }[] }) {
  const { completed } = useViewer();
  if (!completed) return null;
  const next = lessons.find((l) => !completed.has(l.slug));
  return (
    <section aria-label="Your progress" className="mt-6 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <ModuleProgress
        completed={lessons.filter((l) => completed.has(l.slug)).length}
        total={lessons.length}
        label="Whole course"
      />
      {next ? (
        <Link
          href={`/lessons/${next.slug}`}
          className="mt-2 inline-block font-medium text-brand-600 underline dark:text-sky-300"
          data-testid="continue"
        >
          Continue: {next.title} →
        </Link>
      ) : (
        <p className="mt-2 font-medium text-emerald-600">You have completed every lesson.</p>
      )}
    </section>
  );
}
