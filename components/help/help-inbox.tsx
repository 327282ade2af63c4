import Link from "next/link";
import { AttemptTime } from "@/components/history/attempt-time";
import { Clipped } from "@/components/instructor/tables/clipped";
import { ColumnHeads } from "@/components/table/column-heads";
import type { HelpInboxRow } from "@/lib/help/help-protocol";
import { helpRequestPath } from "./help-paths";

const table =
  "w-full min-w-[48rem] border-collapse text-left text-sm " +
  "[&_td]:px-2 [&_td]:py-2 [&_td]:align-top [&_th]:px-2 [&_th]:py-2 [&_th]:align-top";

/** The staff's requests for help: open ones first, the longest waiting first; each row opens the request. */
export function HelpInbox({ requests }: { requests: HelpInboxRow[] }) {
  if (requests.length === 0) {
    return (
      <p className="mt-4 text-slate-600 dark:text-slate-400" data-testid="help-inbox" data-empty="true">
        No requests for help from your learners.
      </p>
    );
  }
  return (
    <div className="mt-4 overflow-x-auto">
      <table className={table} data-testid="help-inbox">
        <thead className="border-b border-slate-200 dark:border-slate-700">
          <tr>
            <ColumnHeads
              labels={["Status", "Learner", "Lab or exercise", "Question", "Asked", "Messages"]}
              className=""
            />
          </tr>
        </thead>
        <tbody>
          {requests.map((r) => (
            <tr
              key={r.id}
              className="border-b border-slate-100 dark:border-slate-800"
              data-testid="help-inbox-row"
              data-status={r.status}
              data-request={r.id}
            >
              <td className={r.status === "open" ? "font-semibold" : "text-slate-500 dark:text-slate-400"}>
                {r.status === "open" ? "Open" : "Resolved"}
                {r.status === "open" && r.watchConsent && (
                  <span className="block text-xs font-normal text-slate-600 dark:text-slate-400">may watch</span>
                )}
              </td>
              <td>
                <Clipped text={r.learner.name} />
                <Clipped text={r.learner.email} className="text-xs text-slate-500 dark:text-slate-400" />
              </td>
              <td>
                <span className="text-xs text-slate-500 dark:text-slate-400">
                  {r.kind === "lab" ? "Lab" : "Exercise"}
                </span>
                <Clipped text={r.itemTitle} />
              </td>
              <td>
                <Link href={helpRequestPath(r.id)} className="text-brand-600 underline dark:text-sky-300">
                  <Clipped text={r.question} width="max-w-80" />
                </Link>
              </td>
              <td>
                <AttemptTime date={new Date(r.createdAt)} />
              </td>
              <td className="text-right tabular-nums">{r.messages}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
