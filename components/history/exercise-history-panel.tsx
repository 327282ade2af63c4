import { TextLink } from "@/components/layout/text-link";
import { attemptName, listAttempts } from "@/lib/submissions/history";
import { AttemptTime } from "./attempt-time";
import { attemptPath, historyPath } from "./paths";
import { RegradeNote } from "./regrade-note";
import { Score, Verdict } from "./verdict";

const SHOWN = 5;

/** The learner's latest attempts, for the exercise page, with a link to the full history; ships no JavaScript. */
export async function ExerciseHistoryPanel({ exercise, userId }: { exercise: string; userId: string }) {
  const attempts = await listAttempts(userId, exercise, SHOWN);
  return (
    <section
      aria-labelledby="history-panel-title"
      className="mt-8 rounded-lg border border-slate-200 p-4 dark:border-slate-700"
      data-testid="history-panel"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="history-panel-title" className="text-lg font-semibold">
          Your attempts
        </h2>
        {attempts.length > 0 && (
          <TextLink href={historyPath(exercise)} className="text-sm">
            View all / compare
          </TextLink>
        )}
      </div>
      {attempts.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          No attempts yet. Each submission is kept here with its files and report.
        </p>
      ) : (
        <ol className="mt-2 divide-y divide-slate-200 text-sm dark:divide-slate-800">
          {attempts.map((a) => (
            <li key={a.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2" data-attempt={a.id}>
              <TextLink href={attemptPath(exercise, a.id)} className="font-medium">
                {attemptName(a)}
              </TextLink>
              <Verdict status={a.status} />
              <span className="tabular-nums">
                <Score score={a.score} />
              </span>
              <span className="text-slate-600 dark:text-slate-400">
                <AttemptTime date={a.createdAt} />
              </span>
              <RegradeNote exercise={exercise} attempt={a} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
