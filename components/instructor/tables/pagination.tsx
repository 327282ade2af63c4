import Link from "next/link";
import { formatCount } from "@/lib/format/numbers";
import type { Pagination as Pages } from "@/lib/list-query/list-query";

const link = "rounded border border-slate-300 px-3 py-1 hover:border-brand-600 dark:border-slate-700";

type Shown = Pick<Pages, "page" | "pageCount" | "pageSize" | "total">;
type Props = { pages: Shown; noun: string; href: (page: number) => string; label: string };

/**
 * "Showing 51–100 of 1,000 learners" with links to other pages; `href` builds a page's address, `noun` is one of what
 * the list holds ("learner": the summary adds an s) and `label` names the navigation landmark ("Learner pages").
 */
export function Pagination({ pages, noun, href, label }: Props) {
  const { page, pageCount, pageSize, total } = pages;
  const nouns = total === 1 ? noun : `${noun}s`;
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(page * pageSize, total);
  const step = (target: number, text: string, rel?: string) =>
    target >= 1 && target <= pageCount && target !== page ? (
      <Link href={href(target)} rel={rel} className={link}>
        {text}
      </Link>
    ) : (
      <span aria-hidden="true" className={`${link} opacity-40`}>
        {text}
      </span>
    );
  return (
    <nav aria-label={label} className="mt-4 flex flex-wrap items-center gap-3 text-sm" data-testid="pagination">
      <p className="mr-auto text-slate-600 dark:text-slate-400" data-testid="pagination-summary">
        {total === 0
          ? `No ${nouns}`
          : `Showing ${formatCount(first)}–${formatCount(last)} of ${formatCount(total)} ${nouns}`}
      </p>
      {pageCount > 1 && (
        <>
          {step(1, "« First")}
          {step(page - 1, "‹ Previous", "prev")}
          <span aria-current="page">
            Page {formatCount(page)} of {formatCount(pageCount)}
          </span>
          {step(page + 1, "Next ›", "next")}
          {step(pageCount, "Last »")}
        </>
      )}
    </nav>
  );
}
