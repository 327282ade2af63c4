import Link from "next/link";

const link = "rounded border border-slate-300 px-3 py-1 hover:border-brand-600 dark:border-slate-700";

/**
 * Previous / next links for a paginated table; `href` builds a page's address so the query string stays the state.
 * Renders nothing when everything fits on one page.
 */
export function Pager({
  page,
  pageCount,
  href,
  label,
}: {
  page: number;
  pageCount: number;
  href: (page: number) => string;
  label: string;
}) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label={label} className="mt-4 flex items-center gap-3 text-sm" data-testid="pager">
      {page > 1 ? (
        <Link href={href(page - 1)} rel="prev" className={link}>
          ← Previous
        </Link>
      ) : (
        <span aria-hidden="true" className={`${link} opacity-40`}>
          ← Previous
        </span>
      )}
      <span aria-current="page">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link href={href(page + 1)} rel="next" className={link}>
          Next →
        </Link>
      ) : (
        <span aria-hidden="true" className={`${link} opacity-40`}>
          Next →
        </span>
      )}
    </nav>
  );
}
