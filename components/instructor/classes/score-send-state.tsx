import { AttemptTime } from "@/components/history/attempt-time";
import type { ScoreLogRow } from "@/lib/lti/score-log";

/** "within a minute" for a try that is due or nearly; else the relative time, exact on hover. */
function NextTry({ at }: { at: Date }) {
  if (at.getTime() - Date.now() < 60_000) return <>next try within a minute</>;
  return (
    <>
      next try <AttemptTime date={at} />
    </>
  );
}

/** Where one learner's score on one item stands with the LMS, and for a failure why, in words, and what to change. */
export function ScoreSendState({ row, lmsName }: { row: ScoreLogRow; lmsName: string }) {
  const tries = `tried ${row.attempts} time${row.attempts === 1 ? "" : "s"}`;
  if (row.failure) {
    const f = row.failure;
    return (
      <div className="space-y-1" data-testid="lms-send-failure" data-code={f.code}>
        <p className="font-medium text-red-700 dark:text-red-300">Failed: {f.short}.</p>
        <p>{f.why}</p>
        <p>
          <span className="font-medium">To fix it:</span> {f.fix}
        </p>
        <p className="break-words text-slate-600 dark:text-slate-400">{f.text}</p>
        <p className="text-slate-600 dark:text-slate-400">
          {tries}
          {f.at && (
            <>
              , last <AttemptTime date={f.at} />
            </>
          )}
          {row.nextAttemptAt && (
            <>
              ; <NextTry at={row.nextAttemptAt} />
            </>
          )}
          .
        </p>
      </div>
    );
  }
  if (row.state === "waiting" && row.nextAttemptAt) {
    return (
      <p>
        Waiting to be sent to {lmsName}: <NextTry at={row.nextAttemptAt} />.
      </p>
    );
  }
  if (row.state === "sent") return <p>Sent; {lmsName} took it.</p>;
  return <p>No score to send yet: the learner has no graded work on this item.</p>;
}
