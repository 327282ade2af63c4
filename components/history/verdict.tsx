import { None } from "@/components/table/none";
import type { SubmissionStatus } from "@/lib/submissions/lifecycle";

const VERDICT: Record<SubmissionStatus, { icon: string; className: string }> = {
  passed: { icon: "✓", className: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200" },
  failed: { icon: "✗", className: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200" },
  error: { icon: "!", className: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200" },
  queued: { icon: "…", className: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300" },
  running: { icon: "⟳", className: "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200" },
  withdrawn: { icon: "↩", className: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300" },
};

/** An attempt's status as a word with an icon and a colour, so it never rests on colour alone. */
export function Verdict({ status }: { status: SubmissionStatus }) {
  const { icon, className } = VERDICT[status];
  return (
    <span className={`whitespace-nowrap rounded px-2 py-0.5 text-xs ${className}`} data-verdict={status}>
      <span aria-hidden="true">{icon} </span>
      {status}
    </span>
  );
}

/** A score as a whole percentage, or a dash (named for screen readers) while there is none. */
export function Score({ score }: { score?: number }) {
  if (score === undefined) return <None label="no score" />;
  return <>{Math.round(score * 100)}%</>;
}
