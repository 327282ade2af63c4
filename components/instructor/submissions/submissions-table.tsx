import Link from "next/link";
import { AttemptTime } from "@/components/history/attempt-time";
import { Score, Verdict } from "@/components/history/verdict";
import type { SubmissionListRow } from "@/lib/instructor/submissions";
import { learnerPath } from "../learners/paths";
import { submissionPath } from "./paths";
import { RegradeMarker } from "./regrade-marker";

const cell = "px-3 py-2 align-top";

/** One page of submissions, newest first; the last link of each row opens the submission. */
export function SubmissionsTable({ submissions, caption }: { submissions: SubmissionListRow[]; caption: string }) {
  return (
    <div className="mt-4 overflow-x-auto">
      <table className="w-full min-w-[48rem] border-collapse text-left text-sm" data-testid="submissions-table">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-300 text-xs uppercase text-slate-500 dark:border-slate-700">
          <tr>
            <th scope="col" className={cell}>
              Time
            </th>
            <th scope="col" className={cell}>
              Learner
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
            <th scope="col" className={cell}>
              <span className="sr-only">Open</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {submissions.map((s) => (
            <tr
              key={s.id}
              data-submission={s.id}
              data-status={s.status}
              className="border-b border-slate-200 dark:border-slate-800"
            >
              <td className={cell}>
                <AttemptTime date={s.createdAt} />
              </td>
              <th scope="row" className={`${cell} font-normal`}>
                <Link href={learnerPath(s.learner.id)} className="text-brand-600 underline dark:text-sky-300">
                  {s.learner.name}
                </Link>
                <span className="block break-all text-xs text-slate-500">{s.learner.email}</span>
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
              <td className={cell}>
                <Link
                  href={submissionPath(s.id)}
                  className="whitespace-nowrap font-medium text-brand-600 underline dark:text-sky-300"
                >
                  Open<span className="sr-only"> the submission of {s.learner.name}</span>
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
