import { formatCount } from "@/lib/format/numbers";
import type { QueueState } from "@/lib/instructor/dashboard";
import { submissionsListPath } from "../paths";
import { DataTable, RowHeader, Td, Ths, Tr } from "../tables/data-table";
import { StatTile } from "./stat-tile";

const TILES = [
  ["waiting", "Submissions waiting", "queued"],
  ["running", "Being graded", "running"],
  ["failed", "Failed jobs", "error"],
] as const;
const FAILED = "Jobs that failed every retry; each closes its submission as an error. Kept 12 hours.";

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
        {TILES.map(([count, label, status]) => (
          <StatTile
            key={count}
            label={label}
            value={queue[count]}
            href={submissionsListPath({ status })}
            detail={count === "failed" ? FAILED : undefined}
            testId={`queue-${count}`}
          />
        ))}
      </div>
      <DataTable
        caption="Jobs per grading queue"
        testId="queue-lines"
        size=""
        head={<Ths labels={["Queue", "Waiting", "Running"]} numeric={["Waiting", "Running"]} />}
      >
        {queue.queues.map((q) => (
          <Tr key={q.queue} data-queue={q.queue}>
            <RowHeader className="font-mono">{q.queue}</RowHeader>
            <Td numeric>{formatCount(q.waiting)}</Td>
            <Td numeric>{formatCount(q.running)}</Td>
          </Tr>
        ))}
      </DataTable>
    </>
  );
}
