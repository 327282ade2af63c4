import Link from "next/link";
import type { ExerciseSummary } from "@/lib/instructor/exercise-stats";
import { ShareBar } from "../charts/share-bar";
import { formatCount, formatPercent } from "../stats/format";
import { exerciseStatsPath } from "../stats/paths";

const cell = "px-3 py-2 align-middle";

/** Every exercise with the share of its learners who passed it, as bars; each links to the exercise's statistics. */
export function PassRateTable({ exercises }: { exercises: ExerciseSummary[] }) {
  return (
    <div className="mt-3 overflow-x-auto">
      <table className="w-full min-w-[36rem] border-collapse text-left text-sm" data-testid="pass-rates">
        <caption className="sr-only">
          Pass rate per exercise: the share of learners who attempted it that have a passing attempt
        </caption>
        <thead className="border-b border-slate-300 text-xs uppercase text-slate-500 dark:border-slate-700">
          <tr>
            <th scope="col" className={cell}>
              Exercise
            </th>
            <th scope="col" className={`${cell} w-2/5`}>
              Pass rate
            </th>
            <th scope="col" className={`${cell} text-right`}>
              Passed
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
              data-testid={`pass-rate-${e.slug}`}
              data-pass-rate={e.passRate ?? ""}
              className="border-b border-slate-200 dark:border-slate-800"
            >
              <th scope="row" className={`${cell} font-normal`}>
                <Link href={exerciseStatsPath(e.slug)} className="text-brand-600 underline dark:text-sky-300">
                  {e.title}
                </Link>
              </th>
              <td className={cell}>
                {e.passRate === undefined ? (
                  <span className="text-slate-500">no attempts yet</span>
                ) : (
                  <span className="flex items-center gap-2">
                    <Link
                      href={exerciseStatsPath(e.slug)}
                      className="w-10 shrink-0 text-right tabular-nums text-brand-600 hover:underline dark:text-sky-300"
                    >
                      {formatPercent(e.passRate)}
                      <span className="sr-only"> of learners passed {e.title}: its statistics</span>
                    </Link>
                    <ShareBar share={e.passRate} tone="good" />
                  </span>
                )}
              </td>
              <td className={`${cell} text-right tabular-nums`}>
                {formatCount(e.passed)} of {formatCount(e.learners)}
              </td>
              <td className={`${cell} text-right tabular-nums`}>{formatCount(e.attempts)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
