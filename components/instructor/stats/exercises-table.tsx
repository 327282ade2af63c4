import Link from "next/link";
import type { ExerciseSummary } from "@/lib/instructor/exercise-stats";
import { ShareBar } from "../charts/share-bar";
import { formatCount, formatMedian, formatPercent } from "./format";
import { None } from "./none";
import { exerciseStatsPath } from "./paths";

const cell = "px-3 py-2 align-middle";

/** Every exercise in course order with how learners fare on it; each row opens the exercise's statistics. */
export function ExercisesStatsTable({ exercises }: { exercises: ExerciseSummary[] }) {
  return (
    <div className="mt-6 overflow-x-auto">
      <table className="w-full min-w-[48rem] border-collapse text-left text-sm" data-testid="exercise-stats">
        <caption className="sr-only">Every exercise in course order, with learners attempted and passed</caption>
        <thead className="border-b border-slate-300 text-xs uppercase text-slate-500 dark:border-slate-700">
          <tr>
            <th scope="col" className={cell}>
              Exercise
            </th>
            <th scope="col" className={`${cell} text-right`}>
              Attempted
            </th>
            <th scope="col" className={`${cell} text-right`}>
              Passed
            </th>
            <th scope="col" className={`${cell} w-1/4`}>
              Pass rate
            </th>
            <th scope="col" className={`${cell} text-right`}>
              Median attempts to pass
            </th>
            <th scope="col" className={`${cell} text-right`}>
              Attempts
            </th>
          </tr>
        </thead>
        <tbody>
          {exercises.map((e) => (
            <tr
              key={e.slug}
              data-testid={`exercise-stats-${e.slug}`}
              className="border-b border-slate-200 dark:border-slate-800"
            >
              <th scope="row" className={`${cell} font-normal`}>
                <Link
                  href={exerciseStatsPath(e.slug)}
                  className="font-medium text-brand-600 underline dark:text-sky-300"
                >
                  {e.title}
                </Link>
              </th>
              <td className={`${cell} text-right tabular-nums`} data-testid="learners-attempted">
                {formatCount(e.learners)}
              </td>
              <td className={`${cell} text-right tabular-nums`} data-testid="learners-passed">
                {formatCount(e.passed)}
              </td>
              <td className={cell} data-testid="pass-rate">
                {e.passRate === undefined ? (
                  <None label="no attempts yet" />
                ) : (
                  <span className="flex items-center gap-2">
                    <span className="w-10 shrink-0 text-right tabular-nums">{formatPercent(e.passRate)}</span>
                    <ShareBar share={e.passRate} tone="good" />
                  </span>
                )}
              </td>
              <td className={`${cell} text-right tabular-nums`} data-testid="median-attempts">
                {e.medianAttemptsToPass === undefined ? (
                  <None label="nobody passed yet" />
                ) : (
                  formatMedian(e.medianAttemptsToPass)
                )}
              </td>
              <td className={`${cell} text-right tabular-nums`} data-testid="attempts">
                {formatCount(e.attempts)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
