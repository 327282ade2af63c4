import Link from "next/link";
import type { ReactNode } from "react";
import { None } from "@/components/table/none";
import { formatCount, formatPercent } from "@/lib/format/numbers";

/**
 * One number with its label; the number links to the page that explains it, where there is one. Without a value
 * (a median of nobody) it shows a dash, and `detail` should say why. A "percent" value is a share, 0..1.
 */
export function StatTile({
  label,
  value,
  format = "count",
  href,
  detail,
  testId,
}: {
  label: string;
  value: number | undefined;
  format?: "count" | "percent";
  href?: string;
  detail?: ReactNode;
  testId: string;
}) {
  const number = (
    <span className="text-3xl font-bold tabular-nums">
      {value === undefined ? <None label="none" /> : format === "percent" ? formatPercent(value) : formatCount(value)}
    </span>
  );
  return (
    <div
      data-testid={testId}
      data-value={value ?? ""}
      className="rounded-lg border border-slate-200 p-4 dark:border-slate-800"
    >
      <p className="text-sm text-slate-600 dark:text-slate-400">{label}</p>
      <p className="mt-1">
        {href && value !== undefined ? (
          <Link href={href} className="text-brand-600 underline-offset-4 hover:underline dark:text-sky-300">
            {number}
            <span className="sr-only"> {label.toLowerCase()}: show them</span>
          </Link>
        ) : (
          number
        )}
      </p>
      {detail && <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{detail}</p>}
    </div>
  );
}
