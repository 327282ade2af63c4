import Link from "next/link";
import { NewFeedbackLink } from "@/components/feedback/new-feedback-link";
import { ColumnHeads, TABLE_HEAD } from "@/components/table/column-heads";
import { None } from "@/components/table/none";
import type { ExerciseIndexEntry, ExerciseStatus } from "@/lib/progress/exercise-progress";

const STATUS: Record<ExerciseStatus, { label: string; className: string }> = {
  "not-started": {
    label: "Not started",
    className: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
  },
  attempted: { label: "Attempted", className: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200" },
  passed: { label: "Passed", className: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200" },
};

const cell = "px-3 py-3 align-top";

/** Every exercise, one row each; the status and best score columns only when there is a learner to show. */
export function ExercisesTable({ exercises, signedIn }: { exercises: ExerciseIndexEntry[]; signedIn: boolean }) {
  return (
    // Scrolls sideways on a phone; every row has links, so keyboard focus scrolls it too.
    <div className="relative mt-6 overflow-x-auto">
      <table className="w-full min-w-[40rem] border-collapse text-left text-sm" data-testid="exercises-table">
        <caption className="sr-only">
          Every graded exercise in course order{signedIn ? ", with your status and best score" : ""}
        </caption>
        <thead className={TABLE_HEAD}>
          <tr>
            <ColumnHeads labels={["Exercise", "Lesson", "Difficulty", "Time"]} className={cell} />
            {signedIn && <ColumnHeads labels={["Status", "Best score"]} className={cell} right={["Best score"]} />}
          </tr>
        </thead>
        <tbody>
          {exercises.map((e) => (
            <tr
              key={e.slug}
              data-testid={`exercise-row-${e.slug}`}
              className="border-b border-slate-200 dark:border-slate-800"
            >
              <th scope="row" className={`${cell} font-normal`}>
                <Link href={`/exercises/${e.slug}`} className="font-medium text-brand-600 underline dark:text-sky-300">
                  {e.title}
                </Link>
                <span className="mt-1 block text-slate-600 dark:text-slate-400">{e.summary}</span>
              </th>
              <td className={cell}>
                {e.lesson ? (
                  <Link href={`/lessons/${e.lesson.slug}`} className="hover:underline">
                    {e.lesson.title}
                  </Link>
                ) : (
                  <None label="no lesson" />
                )}
              </td>
              <td className={`${cell} capitalize`} data-testid="difficulty">
                {e.difficulty ?? <None label="not rated" />}
              </td>
              <td className={`${cell} whitespace-nowrap`} data-testid="minutes">
                {e.minutes ? `${e.minutes} min` : <None label="not estimated" />}
              </td>
              {e.progress && (
                <>
                  <td className={cell} data-testid="status">
                    <span
                      className={`whitespace-nowrap rounded px-2 py-0.5 text-xs ${STATUS[e.progress.status].className}`}
                    >
                      {STATUS[e.progress.status].label}
                    </span>
                    {e.newFeedback && <NewFeedbackLink exercise={e.slug} attemptId={e.newFeedback} />}
                  </td>
                  <td className={`${cell} text-right tabular-nums`} data-testid="best-score">
                    {e.progress.bestScore === undefined ? (
                      <None label="no score yet" />
                    ) : (
                      `${Math.round(e.progress.bestScore * 100)}%`
                    )}
                  </td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
