import type { Metadata } from "next";
import Link from "next/link";
import { loadSearchIndex } from "@/lib/search/load-search-index";
import { searchCourse } from "@/lib/search/search-course";
import { RESULT_KIND } from "@/lib/search/search-engine";

export const metadata: Metadata = { title: "Search" };

/** Server-rendered results, so search works before (or without) the script that makes it instant. */
export default async function SearchPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const raw = (await searchParams).q;
  const query = (Array.isArray(raw) ? raw[0] : raw)?.slice(0, 200).trim() ?? "";
  const results = query ? searchCourse(await loadSearchIndex(), query, 25) : [];
  return (
    <div className="mx-auto max-w-4xl">
      <h1 className="text-3xl font-bold tracking-tight">Search the course</h1>
      {/* biome-ignore lint/a11y/useSemanticElements: a form with role="search" works without JavaScript everywhere. */}
      <form action="/search" role="search" className="mt-4 flex gap-2">
        <label htmlFor="search-page-q" className="sr-only">
          Search lessons, exercises and labs
        </label>
        <input
          id="search-page-q"
          name="q"
          defaultValue={query}
          placeholder="e.g. dockerignore, HEALTHCHECK, --shm-size"
          className="w-full rounded border border-slate-300 px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
        />
        <button type="submit" className="rounded bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
          Search
        </button>
      </form>
      {query && (
        <p className="mt-4 text-sm text-slate-500 dark:text-slate-400" data-testid="search-count">
          {results.length === 0
            ? `Nothing in the course mentions “${query}”. Try fewer or shorter words.`
            : `${results.length} result${results.length === 1 ? "" : "s"} for “${query}”`}
        </p>
      )}
      <ol className="mt-4 space-y-3" data-testid="search-results">
        {results.map((r) => (
          <li key={r.href}>
            <Link
              href={r.href}
              className="block rounded-lg border border-slate-200 p-4 hover:border-brand-500 dark:border-slate-800"
            >
              <span className="font-medium">{r.title}</span>
              {r.heading && <span className="text-slate-500 dark:text-slate-400"> › {r.heading}</span>}
              <span className="block text-xs text-slate-500 dark:text-slate-400" data-testid="search-result-kind">
                {[RESULT_KIND[r.kind], r.module].filter(Boolean).join(" · ")}
              </span>
              <span className="mt-1 block text-sm text-slate-600 dark:text-slate-400">{r.snippet}</span>
            </Link>
          </li>
        ))}
      </ol>
    </div>
  );
}
