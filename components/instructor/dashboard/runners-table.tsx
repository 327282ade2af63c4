import { AttemptTime } from "@/components/history/attempt-time";
import type { RunnerLine } from "@/lib/instructor/dashboard";
import { formatCount } from "../stats/format";

const cell = "px-3 py-2 align-top";

/** The runners that are alive, with what each can take on and has in hand. */
export function RunnersTable({ runners }: { runners: RunnerLine[] }) {
  if (runners.length === 0) {
    return (
      <p className="mt-2" data-testid="runners-none">
        No runner is alive: submissions wait in the queue until one starts (<code>npm run runner</code>).
      </p>
    );
  }
  const gpus = runners.reduce((sum, r) => sum + r.gpus, 0);
  return (
    <div className="mt-2 overflow-x-auto">
      <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="runners-summary">
        {formatCount(runners.length)} {runners.length === 1 ? "runner" : "runners"} alive with {formatCount(gpus)}{" "}
        {gpus === 1 ? "GPU" : "GPUs"} in all.
      </p>
      <table className="mt-2 w-full min-w-[36rem] border-collapse text-left text-sm">
        <caption className="sr-only">Runners alive</caption>
        <thead className="border-b border-slate-300 text-xs uppercase text-slate-500 dark:border-slate-700">
          <tr>
            <th scope="col" className={cell}>
              Host
            </th>
            <th scope="col" className={cell}>
              State
            </th>
            <th scope="col" className={`${cell} text-right`}>
              Concurrency
            </th>
            <th scope="col" className={`${cell} text-right`}>
              GPUs
            </th>
            <th scope="col" className={`${cell} text-right`}>
              Active jobs
            </th>
            <th scope="col" className={cell}>
              Last seen
            </th>
          </tr>
        </thead>
        <tbody>
          {runners.map((r) => (
            <tr
              key={r.id}
              data-testid="runner"
              data-runner={r.id}
              className="border-b border-slate-200 dark:border-slate-800"
            >
              <th scope="row" className={`${cell} font-normal`}>
                {r.hostname}
                <span className="block font-mono text-xs text-slate-500">{r.id}</span>
              </th>
              <td className={cell}>{r.state}</td>
              <td className={`${cell} text-right tabular-nums`}>{formatCount(r.concurrency)}</td>
              <td className={`${cell} text-right tabular-nums`} data-testid="runner-gpus">
                {formatCount(r.gpus)}
              </td>
              <td className={`${cell} text-right tabular-nums`}>{formatCount(r.activeJobs)}</td>
              <td className={cell}>
                <AttemptTime date={r.lastSeenAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
