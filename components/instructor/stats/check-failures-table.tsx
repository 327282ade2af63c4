import Link from "next/link";
import type { CheckFailure } from "@/lib/instructor/exercise-stats";
import { ShareBar } from "../charts/share-bar";
import { formatCount, formatPercent } from "./format";

const cell = "px-3 py-2 align-top";

/** The checks that fail in learners' graded attempts, most often first, with the lesson that teaches each. */
export function CheckFailuresTable({ checks }: { checks: CheckFailure[] }) {
  return (
    <div className="mt-3 overflow-x-auto">
      <table className="w-full min-w-[44rem] border-collapse text-left text-sm" data-testid="check-failures">
        <caption className="sr-only">Checks by the number of graded attempts in which they failed</caption>
        <thead className="border-b border-slate-300 text-xs uppercase text-slate-500 dark:border-slate-700">
          <tr>
            <th scope="col" className={cell}>
              Check
            </th>
            <th scope="col" className={cell}>
              Taught in
            </th>
            <th scope="col" className={`${cell} w-1/4`}>
              Share of attempts
            </th>
            <th scope="col" className={`${cell} text-right`}>
              Attempts
            </th>
            <th scope="col" className={`${cell} text-right`}>
              Learners
            </th>
          </tr>
        </thead>
        <tbody>
          {checks.map((c) => (
            <tr
              key={c.id}
              data-check={c.id}
              data-attempts={c.attempts}
              className="border-b border-slate-200 dark:border-slate-800"
            >
              <th scope="row" className={`${cell} font-normal`}>
                {c.title}
                <span className="block font-mono text-xs text-slate-500">{c.id}</span>
              </th>
              <td className={cell}>
                {c.lesson ? (
                  <Link href={`/lessons/${c.lesson.slug}`} className="text-brand-600 underline dark:text-sky-300">
                    {c.lesson.title}
                  </Link>
                ) : (
                  <span className="text-slate-500">not recorded</span>
                )}
              </td>
              <td className={cell}>
                <span className="flex items-center gap-2">
                  <span className="w-10 shrink-0 text-right tabular-nums">{formatPercent(c.share)}</span>
                  <ShareBar share={c.share} tone="bad" />
                </span>
              </td>
              <td className={`${cell} text-right tabular-nums`}>{formatCount(c.attempts)}</td>
              <td className={`${cell} text-right tabular-nums`}>{formatCount(c.learners)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
