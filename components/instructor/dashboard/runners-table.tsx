import { AttemptTime } from "@/components/history/attempt-time";
import { formatCount } from "@/lib/format/numbers";
import type { RunnerLine } from "@/lib/instructor/dashboard";
import { DataTable, RowHeader, Td, Ths, Tr } from "../tables/data-table";

/** The runners alive and their load; `warming`: `npm start` starts its runner once the images are ready. */
export function RunnersTable({ runners, warming = false }: { runners: RunnerLine[]; warming?: boolean }) {
  if (runners.length === 0) {
    return (
      <p className="mt-2" data-testid="runners-none">
        {warming ? (
          <>
            No runner yet: <code>npm start</code> starts one once the images are ready (Warm-up, below). Submissions
            wait in the queue until then.
          </>
        ) : (
          <>
            No runner is alive: submissions wait in the queue until one starts (<code>npm run runner</code>).
          </>
        )}
      </p>
    );
  }
  const gpus = runners.reduce((sum, r) => sum + r.gpus, 0);
  return (
    <div className="mt-2">
      <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="runners-summary">
        {formatCount(runners.length)} {runners.length === 1 ? "runner" : "runners"} alive with {formatCount(gpus)}{" "}
        {gpus === 1 ? "GPU" : "GPUs"} in all.
      </p>
      <DataTable
        caption="Runners alive"
        className="mt-2"
        head={
          <Ths
            labels={["Host", "State", "Hosts", "Concurrency", "GPUs", "Active jobs", "Shells", "Labs", "Last seen"]}
            numeric={["Concurrency", "GPUs", "Active jobs", "Shells", "Labs"]}
          />
        }
      >
        {runners.map((r) => (
          <Tr key={r.id} data-testid="runner" data-runner={r.id}>
            <RowHeader>
              {r.hostname}
              <span className="block font-mono text-xs text-slate-500 dark:text-slate-400">{r.id}</span>
            </RowHeader>
            <Td>{r.state}</Td>
            <Td data-testid="runner-hosts">{r.hosts.length === 0 ? "none" : r.hosts.join(", ")}</Td>
            <Td numeric>{formatCount(r.concurrency)}</Td>
            <Td numeric data-testid="runner-gpus">
              {formatCount(r.gpus)}
            </Td>
            <Td numeric>{formatCount(r.activeJobs)}</Td>
            <Td numeric data-testid="runner-shells">
              {r.shellCapacity === 0 ? "none" : `${formatCount(r.activeShells)} of ${formatCount(r.shellCapacity)}`}
            </Td>
            <Td numeric data-testid="runner-labs">
              {r.labCapacity === 0 ? "none" : `${formatCount(r.activeLabs)} of ${formatCount(r.labCapacity)}`}
            </Td>
            <Td>
              <AttemptTime date={r.lastSeenAt} />
            </Td>
          </Tr>
        ))}
      </DataTable>
    </div>
  );
}
