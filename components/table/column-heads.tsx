/** A table's column headers, one per label, each with `className`; those in `right` stand right over numbers. */
export function ColumnHeads({
  labels,
  className,
  right = [],
}: {
  labels: readonly string[];
  className: string;
  right?: readonly string[];
}) {
  return labels.map((label) => (
    <th key={label} scope="col" className={right.includes(label) ? `${className} text-right` : className}>
      {label}
    </th>
  ));
}

/** The one look of a table's header row: a rule under it, small capitals in the secondary text colour. */
export const TABLE_HEAD =
  "border-b border-slate-300 text-xs uppercase text-slate-500 dark:border-slate-700 dark:text-slate-400";
