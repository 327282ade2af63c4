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
