import Link from "next/link";
import { AttemptTime } from "@/components/history/attempt-time";
import { TextLink } from "@/components/layout/text-link";
import { submissionPath } from "@/components/submission-paths/submission-paths";
import { None } from "@/components/table/none";
import type { LearnerDetail, ModuleProgress } from "@/lib/instructor/learners";
import type { SessionStatus as LabStatus } from "@/lib/sessions/session-lifecycle";
import { PageSection } from "../page-section";
import { OutcomeCells } from "../submissions/outcome-cells";
import { DataTable, Fact, RowHeader, Td, Ths, Tr } from "../tables/data-table";

const sectionTitle = "mb-3 text-2xl font-semibold";

/** One learner: counts, progress per module and per lab, every quiz attempt and every submission. */
export function LearnerDetailView({ detail }: { detail: LearnerDetail }) {
  const { learner, modules, labs, quizAttempts, submissions } = detail;
  return (
    <div data-testid="learner-page" data-learner={learner.id}>
      {/* A name of any length: broken where it must be, cut short after two lines, the whole of it in the title. */}
      <h1 className="line-clamp-2 text-3xl font-bold tracking-tight wrap-anywhere" title={learner.name}>
        {learner.name}
      </h1>
      <p className="mt-1 text-slate-600 wrap-anywhere dark:text-slate-400">{learner.email}</p>
      <dl className="mt-4 grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3 lg:grid-cols-6">
        <Fact label="Joined">
          <AttemptTime date={learner.joined} />
        </Fact>
        <Fact label="Last active">
          {learner.lastActive ? <AttemptTime date={learner.lastActive} /> : <None label="no activity yet" />}
        </Fact>
        <Fact label="Lessons completed">{learner.lessons}</Fact>
        <Fact label="Quizzes passed">{learner.quizzes}</Fact>
        <Fact label="Exercises passed">{learner.exercises}</Fact>
        <Fact label="Submissions">{learner.submissions}</Fact>
      </dl>

      <PageSection id="modules-title" title="Progress per module" className="mt-8" heading={sectionTitle}>
        <ol className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="learner-modules">
          {modules.map((m) => (
            <li
              key={m.slug}
              className="rounded border border-slate-200 p-3 dark:border-slate-700"
              data-module={m.slug}
              data-completed={m.completed}
            >
              <div className="flex items-start justify-between gap-3">
                <h3 className="font-medium">{m.title}</h3>
                <ProgressCell progress={m} />
              </div>
              <ul className="mt-2 space-y-0.5 text-sm">
                {m.lessons.map((l) => (
                  <li key={l.slug} className={l.completed ? "" : "text-slate-500 dark:text-slate-400"}>
                    <span aria-hidden="true">{l.completed ? "✓ " : "○ "}</span>
                    <Link href={`/lessons/${l.slug}`} className="hover:underline">
                      {l.title}
                    </Link>
                    <span className="sr-only">{l.completed ? " (completed)" : " (not completed)"}</span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      </PageSection>

      <Listing id="labs-title" title="Labs" empty="The course has no labs." count={labs.length}>
        <DataTable
          caption="Every lab of the course, in course order, with the learner's tasks done and their latest session"
          testId="learner-labs"
          className=""
          size="w-full min-w-[52rem]"
          head={<Ths labels={LAB_COLUMNS} numeric={["Sessions"]} />}
        >
          {labs.map((lab) => {
            const last = lab.lastSession;
            return (
              <Tr
                key={lab.slug}
                data-lab={lab.slug}
                data-done={lab.done}
                data-total={lab.total}
                data-finished={lab.finishedAt !== undefined}
                data-status={last?.status ?? "none"}
              >
                <RowHeader>
                  <TextLink href={`/labs/${lab.slug}`}>{lab.title}</TextLink>
                </RowHeader>
                <Td>
                  <ProgressCell progress={{ completed: lab.done, total: lab.total }} />
                </Td>
                <Td>{lab.finishedAt ? <AttemptTime date={lab.finishedAt} /> : <None label="not finished" />}</Td>
                <Td numeric data-testid="lab-sessions">
                  {lab.sessions}
                </Td>
                <Td>
                  {last ? (
                    <>
                      {LAB_STATUS_TEXT[last.status]}
                      {last.closeReason && (
                        <span className="block text-xs text-slate-500 dark:text-slate-400">{last.closeReason}</span>
                      )}
                    </>
                  ) : (
                    <span className="text-slate-500 dark:text-slate-400">Never started</span>
                  )}
                </Td>
                <Td>
                  {last?.openedAt ? (
                    <AttemptTime date={last.openedAt} />
                  ) : last ? (
                    // A session that never opened still says when the learner asked for it.
                    <span className="text-slate-500 dark:text-slate-400">
                      never (asked <AttemptTime date={last.requestedAt} />)
                    </span>
                  ) : (
                    <None label="not opened" />
                  )}
                </Td>
                <Td>{last?.closedAt ? <AttemptTime date={last.closedAt} /> : <None label="not closed" />}</Td>
              </Tr>
            );
          })}
        </DataTable>
      </Listing>

      <Listing id="quizzes-title" title="Quiz attempts" empty="No quiz answered yet." count={quizAttempts.length}>
        <DataTable
          caption="Every quiz attempt, newest first"
          testId="learner-quizzes"
          className=""
          size="w-full min-w-[28rem]"
          head={<Ths labels={["Lesson", "Score", "Time"]} numeric={["Score"]} />}
        >
          {quizAttempts.map((q) => (
            <Tr key={q.id} data-quiz-attempt={q.id}>
              <RowHeader>
                <Link href={`/lessons/${q.lesson.slug}`} className="hover:underline">
                  {q.lesson.title}
                </Link>
              </RowHeader>
              <Td numeric>
                {q.correct}/{q.total}
                {q.total > 0 && q.correct === q.total && <span className="sr-only"> (passed)</span>}
              </Td>
              <Td>
                <AttemptTime date={q.createdAt} />
              </Td>
            </Tr>
          ))}
        </DataTable>
      </Listing>

      <Listing id="submissions-title" title="Submissions" empty="No submission yet." count={submissions.length}>
        <DataTable
          caption="Every submission, newest first, with instructors' re-grades"
          testId="learner-submissions"
          className=""
          head={<Ths labels={["Submitted", "Exercise", "Status", "Score", "Re-grade"]} numeric={["Score"]} />}
        >
          {submissions.map((s) => (
            <Tr key={s.id} data-submission={s.id} data-status={s.status}>
              <RowHeader>
                <TextLink href={submissionPath(s.id)}>
                  <AttemptTime date={s.createdAt} />
                </TextLink>
              </RowHeader>
              <Td>{s.exercise.title}</Td>
              <OutcomeCells status={s.status} score={s.score} regradeOf={s.regradeOf} />
            </Tr>
          ))}
        </DataTable>
      </Listing>
    </div>
  );
}

const LAB_COLUMNS = ["Lab", "Tasks done", "Finished", "Sessions", "Latest session", "Opened", "Closed"];

const LAB_STATUS_TEXT: Record<LabStatus, string> = {
  queued: "Waiting in the queue",
  starting: "Starting",
  open: "Open",
  closed: "Closed",
};

/** A titled section of the learner's page holding a list, or a line saying it is empty. */
function Listing({
  empty,
  count,
  children,
  ...section
}: Parameters<typeof PageSection>[0] & { empty: string; count: number }) {
  return (
    <PageSection {...section} className="mt-8" heading={sectionTitle}>
      {count === 0 ? <p className="text-sm text-slate-600 dark:text-slate-400">{empty}</p> : children}
    </PageSection>
  );
}

/** "2/5" with a small bar, for a module's lessons or a lab's tasks; the text carries it, the bar is for the eye. */
function ProgressCell({ progress }: { progress: Pick<ModuleProgress, "completed" | "total"> }) {
  const share = progress.total === 0 ? 0 : progress.completed / progress.total;
  return (
    <span className="inline-block min-w-10">
      <span className="tabular-nums">
        {progress.completed}/{progress.total}
      </span>
      <span aria-hidden="true" className="mt-1 block h-1 rounded bg-slate-200 dark:bg-slate-700">
        <span
          className="block h-1 rounded bg-emerald-500 dark:bg-emerald-400"
          style={{ width: `${Math.round(share * 100)}%` }}
        />
      </span>
    </span>
  );
}
