import Link from "next/link";

type Direction = "asc" | "desc";

const NAME = { asc: "ascending", desc: "descending" } as const;

/** A column header linking to the list sorted by it (reversed when current), told by aria-sort and an arrow. */
export function SortHeader({
  label,
  active,
  dir,
  defaultDir,
  href,
  className = "",
  testId,
}: {
  label: string;
  active: boolean;
  /** The current direction, when active. */
  dir: Direction;
  /** The direction a first click sorts in. */
  defaultDir: Direction;
  /** The address of the list sorted by this column in the given direction. */
  href: (dir: Direction) => string;
  className?: string;
  testId?: string;
}) {
  const next: Direction = active ? (dir === "asc" ? "desc" : "asc") : defaultDir;
  return (
    <th scope="col" aria-sort={active ? NAME[dir] : undefined} className={className} data-testid={testId}>
      <Link href={href(next)} className="inline-flex items-center gap-1 hover:text-brand-700 dark:hover:text-sky-300">
        {label}
        <span aria-hidden="true" className={active ? "text-slate-700 dark:text-slate-200" : "text-slate-300"}>
          {active ? (dir === "asc" ? "▲" : "▼") : "↕"}
        </span>
        <span className="sr-only">, sort {NAME[next]}</span>
      </Link>
    </th>
  );
}
