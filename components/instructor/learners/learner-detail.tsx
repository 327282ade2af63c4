import Link from "next/link";
import { AttemptTime } from "@/components/history/attempt-time";
import { Score, Verdict } from "@/components/history/verdict";
import type { LearnerDetail, ModuleProgress } from "@/lib/instructor/learners";
import { submissionPath } from "../submissions/paths";
import { RegradeMarker } from "../submissions/regrade-marker";
import { Fact } from "../tables/fact";
import { None } from "./learners-table";

const cell = "px-3 py-2 align-top";
const head = "border-b border-slate-300 text-xs uppercase text-slate-500 dark:border-slate-700";
const row = "border-b border-slate-200 dark:border-slate-800";
const sectionTitle = "mb-3 text-2xl font-semibold";

/** One learner: counts, progress per module, every quiz attempt and every submission. */
export function LearnerDetailView({ detail }: { detail: LearnerDetail }) {
  const { learner, modules, quizAttempts, submissions } = detail;
  return (
    <div data-testid="learner-page" data-learner={learner.id}>
      <h1 className="text-3xl font-bold tracking-tight">{learner.name}</h1>
      <p className="mt-1 text-slate-600 dark:text-slate-400">{learner.email}</p>
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

      <section aria-labelledby="modules-title" className="mt-8">
        <h2 id="modules-title" className={sectionTitle}>
          Progress per module
        </h2>
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
                <ModuleCell progress={m} />
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
      </section>

      <section aria-labelledby="quizzes-title" className="mt-8">
        <h2 id="quizzes-title" className={sectionTitle}>
          Quiz attempts
        </h2>
        {quizAttempts.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No quiz answered yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full min-w-[28rem] border-collapse text-left text-sm" data-testid="learner-quizzes">
              <caption className="sr-only">Every quiz attempt, newest first</caption>
              <thead className={head}>
                <tr>
                  <th scope="col" className={cell}>
                    Lesson
                  </th>
                  <th scope="col" className={`${cell} text-right`}>
                    Score
                  </th>
                  <th scope="col" className={cell}>
                    Time
                  </th>
                </tr>
              </thead>
              <tbody>
                {quizAttempts.map((q) => (
                  <tr key={q.id} className={row} data-quiz-attempt={q.id}>
                    <th scope="row" className={`${cell} font-normal`}>
                      <Link href={`/lessons/${q.lesson.slug}`} className="hover:underline">
                        {q.lesson.title}
                      </Link>
                    </th>
                    <td className={`${cell} text-right tabular-nums`}>
                      {q.correct}/{q.total}
                      {q.total > 0 && q.correct === q.total && <span className="sr-only"> (passed)</span>}
                    </td>
                    <td className={cell}>
                      <AttemptTime date={q.createdAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="submissions-title" className="mt-8">
        <h2 id="submissions-title" className={sectionTitle}>
          Submissions
        </h2>
        {submissions.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No submission yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full min-w-[36rem] border-collapse text-left text-sm" data-testid="learner-submissions">
              <caption className="sr-only">Every submission, newest first, with instructors&apos; re-grades</caption>
              <thead className={head}>
                <tr>
                  <th scope="col" className={cell}>
                    Submitted
                  </th>
                  <th scope="col" className={cell}>
                    Exercise
                  </th>
                  <th scope="col" className={cell}>
                    Status
                  </th>
                  <th scope="col" className={`${cell} text-right`}>
                    Score
                  </th>
                  <th scope="col" className={cell}>
                    Re-grade
                  </th>
                </tr>
              </thead>
              <tbody>
                {submissions.map((s) => (
                  <tr key={s.id} className={row} data-submission={s.id} data-status={s.status}>
                    <th scope="row" className={`${cell} font-normal`}>
                      <Link href={submissionPath(s.id)} className="text-brand-600 underline dark:text-sky-300">
                        <AttemptTime date={s.createdAt} />
                      </Link>
                    </th>
                    <td className={cell}>{s.exercise.title}</td>
                    <td className={cell}>
                      <Verdict status={s.status} />
                    </td>
                    <td className={`${cell} text-right tabular-nums`}>
                      <Score score={s.score} />
                    </td>
                    <td className={cell}>
                      <RegradeMarker regradeOf={s.regradeOf} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

/** "2/5" with a small bar, for one learner's page; the text carries it, the bar is for the eye. */
function ModuleCell({ progress }: { progress: Pick<ModuleProgress, "completed" | "total"> }) {
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
