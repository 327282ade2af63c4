import Link from "next/link";
import type { ComponentProps, ReactNode } from "react";

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

/** A link in running text or in a table cell, in the instructor pages' one style of link. */
export function TextLink(props: ComponentProps<typeof Link>) {
  return <Link {...props} className="text-brand-600 underline dark:text-sky-300" />;
}
