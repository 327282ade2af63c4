import type { ComponentProps, ReactNode } from "react";
import { TABLE_HEAD } from "@/components/table/column-heads";
import { None } from "@/components/table/none";
import { formatPercent } from "@/lib/format/numbers";
import { ScrollRegion } from "../../layout/scroll-region";
import { type BarTone, ShareBar } from "../charts/share-bar";

const CELL = "px-3 py-2";
const NUMERIC = "text-right tabular-nums";

/**
 * A table with its (visually hidden) caption and a header row. `head` holds the header cells: `Th`, or
 * `SortHeader` for a sortable column. `valign` applies to every cell; `size` is the table's own width classes.
 */
export function DataTable({
  caption,
  head,
  children,
  testId,
  className = "mt-3",
  size = "w-full min-w-[36rem]",
  valign = "top",
}: {
  caption: ReactNode;
  head: ReactNode;
  children: ReactNode;
  testId?: string;
  /** The scrolling wrapper's classes (its margin). */
  className?: string;
  size?: string;
  valign?: "top" | "middle";
}) {
  const align = valign === "top" ? "[&_td]:align-top [&_th]:align-top" : "[&_td]:align-middle [&_th]:align-middle";
  // relative: screen-reader-only text is positioned absolutely; without a positioned frame it escapes the scrolling
  // box and widens the whole page to the table's full width.
  return (
    <ScrollRegion
      label={typeof caption === "string" ? caption : "Table"}
      className={`${className} relative overflow-x-auto`}
    >
      <table className={`${size} border-collapse text-left text-sm ${align}`} data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className={TABLE_HEAD}>
          <tr>{head}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </ScrollRegion>
  );
}

/** A column header; `numeric` right-aligns it over a column of numbers. */
export function Th({ numeric, className = "", ...props }: ComponentProps<"th"> & { numeric?: boolean }) {
  return <th scope="col" className={`${CELL} ${numeric ? "text-right" : ""} ${className}`} {...props} />;
}

type Labels = readonly string[];
type ThsProps = { labels: Labels; numeric?: Labels; classes?: Record<string, string>; hidden?: Labels };

/**
 * Plain column headers from their labels; those in `numeric` are right-aligned over columns of numbers, `classes`
 * adds a label's own classes, and those in `hidden` are for screen readers only (a column of buttons or links).
 */
export function Ths({ labels, numeric = [], classes = {}, hidden = [] }: ThsProps) {
  return labels.map((label) => (
    <Th key={label} numeric={numeric.includes(label)} className={classes[label]}>
      {hidden.includes(label) ? <span className="sr-only">{label}</span> : label}
    </Th>
  ));
}

export function Tr({ className = "", ...props }: ComponentProps<"tr">) {
  return <tr className={`border-b border-slate-200 dark:border-slate-800 ${className}`} {...props} />;
}

/** The cell that names its row (a learner, an exercise, a check): a row header for screen readers. */
export function RowHeader({ className = "", ...props }: ComponentProps<"th">) {
  return <th scope="row" className={`${CELL} font-normal ${className}`} {...props} />;
}

/** A body cell; `numeric` right-aligns it in even figures. */
export function Td({ numeric, className = "", ...props }: ComponentProps<"td"> & { numeric?: boolean }) {
  return <td className={`${CELL} ${numeric ? NUMERIC : ""} ${className}`} {...props} />;
}

type ShareProps = { share: number | undefined; tone?: BarTone; note?: ReactNode; none?: string };

/**
 * A share as a percentage beside its bar, with an optional note after the bar (e.g. how many learners); with no share
 * yet, a dash that says `none`.
 */
export function ShareCell({ share, tone, note, none = "" }: ShareProps) {
  if (share === undefined) return <None label={none} />;
  return (
    <span className="flex items-center gap-2">
      <span className="w-10 shrink-0 text-right tabular-nums">{formatPercent(share)}</span>
      <ShareBar share={share} tone={tone} />
      {note}
    </span>
  );
}

/** One labelled fact of a description list (`<dl>`) on an instructor page. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs uppercase text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="mt-0.5 tabular-nums">{children}</dd>
    </div>
  );
}
