import Link from "next/link";
import type { QuizSummary } from "@/lib/instructor/quiz-stats";
import { ShareBar } from "../charts/share-bar";
import { FLAGS } from "./flag";
import { formatCount, formatPercent } from "./format";
import { None } from "./none";
import { quizStatsPath } from "./paths";

const cell = "px-3 py-2 align-middle";

/** Every lesson quiz in course order; each row opens the quiz's per-question statistics. */
export function QuizzesStatsTable({ quizzes }: { quizzes: QuizSummary[] }) {
  return (
    <div className="mt-6 overflow-x-auto">
      <table className="w-full min-w-[44rem] border-collapse text-left text-sm" data-testid="quiz-stats">
        <caption className="sr-only">Every lesson quiz in course order, with learners and flagged questions</caption>
        <thead className="border-b border-slate-300 text-xs uppercase text-slate-500 dark:border-slate-700">
          <tr>
            <th scope="col" className={cell}>
              Lesson
            </th>
            <th scope="col" className={`${cell} text-right`}>
              Questions
            </th>
            <th scope="col" className={`${cell} text-right`}>
              Learners
            </th>
            <th scope="col" className={`${cell} w-1/4`}>
              Average first-attempt score
            </th>
            <th scope="col" className={cell}>
              Flagged questions
            </th>
          </tr>
        </thead>
        <tbody>
          {quizzes.map((q) => (
            <tr
              key={q.lesson.slug}
              data-testid={`quiz-stats-${q.lesson.slug}`}
              data-flagged={q.flagged.hard + q.flagged.easy}
              className="border-b border-slate-200 dark:border-slate-800"
            >
              <th scope="row" className={`${cell} font-normal`}>
                <Link
                  href={quizStatsPath(q.lesson.slug)}
                  className="font-medium text-brand-600 underline dark:text-sky-300"
                >
                  {q.lesson.title}
                </Link>
              </th>
              <td className={`${cell} text-right tabular-nums`}>{formatCount(q.questions)}</td>
              <td className={`${cell} text-right tabular-nums`} data-testid="quiz-learners">
                {formatCount(q.learners)}
              </td>
              <td className={cell}>
                {q.averageFirstScore === undefined ? (
                  <None label="no attempts yet" />
                ) : (
                  <span className="flex items-center gap-2">
                    <span className="w-10 shrink-0 text-right tabular-nums">{formatPercent(q.averageFirstScore)}</span>
                    <ShareBar share={q.averageFirstScore} />
                  </span>
                )}
              </td>
              <td className={cell} data-testid="quiz-flagged">
                {q.flagged.hard + q.flagged.easy === 0 ? (
                  <None label="none" />
                ) : (
                  <Link href={quizStatsPath(q.lesson.slug)} className="text-brand-600 underline dark:text-sky-300">
                    {[
                      q.flagged.hard > 0 && `${q.flagged.hard} ${FLAGS.hard.label.toLowerCase()}`,
                      q.flagged.easy > 0 && `${q.flagged.easy} ${FLAGS.easy.label.toLowerCase()}`,
                    ]
                      .filter(Boolean)
                      .join(", ")}
                  </Link>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
