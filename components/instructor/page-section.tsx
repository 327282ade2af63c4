import type { ReactNode } from "react";

/** A titled part of an instructor page, named by its heading for screen readers, with an optional short intro. */
export function PageSection({
  id,
  title,
  intro,
  testId,
  className = "mt-10",
  children,
}: {
  /** The heading's id, unique on the page. */
  id: string;
  title: ReactNode;
  intro?: ReactNode;
  testId?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className={className} data-testid={testId}>
      <h2 id={id} className="text-xl font-semibold">
        {title}
      </h2>
      {intro && <p className="mt-1 max-w-3xl text-sm text-slate-600 dark:text-slate-400">{intro}</p>}
      {children}
    </section>
  );
}
