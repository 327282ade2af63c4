import type { ReactNode } from "react";

/** A titled part of an instructor page, named by its heading for screen readers, with an optional short intro. */
export function PageSection({
  id,
  title,
  intro,
  testId,
  className = "mt-10",
  heading = "text-xl font-semibold",
  children,
}: {
  /** The heading's id, unique on the page. */
  id: string;
  title: ReactNode;
  intro?: ReactNode;
  testId?: string;
  className?: string;
  /** The heading's classes: a detail page's sections have larger ones. */
  heading?: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className={className} data-testid={testId}>
      <h2 id={id} className={heading}>
        {title}
      </h2>
      {intro && <p className="mt-1 max-w-3xl text-sm text-slate-600 dark:text-slate-400">{intro}</p>}
      {children}
    </section>
  );
}

/** An instructor page's title, with the paragraph under it saying what the page is for. */
export function PageTitle({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <>
      <h1 className="text-3xl font-bold tracking-tight">{title}</h1>
      <p className="mt-3 max-w-3xl text-slate-700 dark:text-slate-300">{children}</p>
    </>
  );
}

type OrEmptyProps = { rows: number; empty: ReactNode; testId?: string; className?: string; children: ReactNode };

/** `children`, a list of `rows` (a table, a list), or with none, the line `empty` in its place. */
export function OrEmpty({ rows, empty, testId, className = "mt-2", children }: OrEmptyProps) {
  if (rows > 0) return children;
  return (
    <p className={className} data-testid={testId}>
      {empty}
    </p>
  );
}
