import { ScrollRegion } from "@/components/layout/scroll-region";
import { TextLink } from "@/components/layout/text-link";
import { ColumnHeads, TABLE_HEAD } from "@/components/table/column-heads";
import type { AttemptSummary } from "@/lib/submissions/history";
import { AttemptTime } from "./attempt-time";
import { attemptPath } from "./paths";
import { RegradeNote } from "./regrade-note";
import { Score, Verdict } from "./verdict";

const cell = "px-3 py-2 align-top";

/** Every attempt, newest first; each row links to the attempt's files and report. */
export function AttemptsTable({ exercise, attempts }: { exercise: string; attempts: AttemptSummary[] }) {
  return (
    <ScrollRegion label="Attempts" className="relative mt-4 overflow-x-auto">
      <table className="w-full min-w-[28rem] border-collapse text-left text-sm" data-testid="attempts-table">
        <caption className="sr-only">Your attempts at this exercise, newest first</caption>
        <thead className={TABLE_HEAD}>
          <tr>
            <ColumnHeads labels={["Attempt", "Submitted", "Verdict", "Score"]} className={cell} right={["Score"]} />
          </tr>
        </thead>
        <tbody>
          {attempts.map((a) => (
            <tr
              key={a.id}
              data-testid="attempt-row"
              data-attempt={a.id}
              className="border-b border-slate-200 dark:border-slate-800"
            >
              <th scope="row" className={`${cell} font-normal`}>
                <TextLink href={attemptPath(exercise, a.id)} className="font-medium">
                  Attempt {a.number}
                </TextLink>
                <RegradeNote exercise={exercise} attempt={a} />
              </th>
              <td className={cell}>
                <AttemptTime date={a.createdAt} />
              </td>
              <td className={cell}>
                <Verdict status={a.status} />
              </td>
              <td className={`${cell} text-right tabular-nums`} data-testid="attempt-score">
                <Score score={a.score} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
