import type { QueueState } from "@/lib/instructor/dashboard";
import { formatCount } from "../stats/format";
import { submissionsListPath } from "../submissions/paths";
import { StatTile } from "./stat-tile";

const cell = "px-3 py-1.5";

/** The grading queue: jobs waiting, jobs a runner holds, and jobs that failed every retry. */
export function QueuePanel({ queue }: { queue: QueueState }) {
  return (
    <>
      {!queue.available && (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400" data-testid="queue-not-created">
          Nothing has been queued on this database yet, so the queue does not exist yet.
        </p>
      )}
      <div className="mt-3 grid gap-3 sm:grid-cols-3">
        <StatTile
          label="Submissions waiting"
          value={queue.waiting}
          href={submissionsListPath({ status: "queued" })}
          testId="queue-waiting"
        />
        <StatTile
          label="Being graded"
          value={queue.running}
          href={submissionsListPath({ status: "running" })}
          testId="queue-running"
        />
        <StatTile
          label="Failed jobs"
          value={queue.failed}
          href={submissionsListPath({ status: "error" })}
          detail="Jobs that failed every retry; each closes its submission as an error. Kept 12 hours."
          testId="queue-failed"
        />
      </div>
      <table className="mt-3 border-collapse text-left text-sm" data-testid="queue-lines">
        <caption className="sr-only">Jobs per grading queue</caption>
        <thead className="border-b border-slate-300 text-xs uppercase text-slate-500 dark:border-slate-700">
          <tr>
            <th scope="col" className={cell}>
              Queue
            </th>
            <th scope="col" className={`${cell} text-right`}>
              Waiting
            </th>
            <th scope="col" className={`${cell} text-right`}>
              Running
            </th>
          </tr>
        </thead>
        <tbody>
          {queue.queues.map((q) => (
            <tr key={q.queue} data-queue={q.queue} className="border-b border-slate-200 dark:border-slate-800">
              <th scope="row" className={`${cell} font-mono font-normal`}>
                {q.queue}
              </th>
              <td className={`${cell} text-right tabular-nums`}>{formatCount(q.waiting)}</td>
              <td className={`${cell} text-right tabular-nums`}>{formatCount(q.running)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
