"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import type { searchCourse } from "@/lib/search/search-course";
import { RESULT_KIND, SEARCH_INDEX_VERSION } from "@/lib/search/search-engine";
import type { SearchIndex } from "@/lib/search/search-index-schema";

type Loaded = { index: SearchIndex; search: typeof searchCourse };

let loading: Promise<Loaded> | undefined;

// The index and the search engine (MiniSearch) come on first focus, not with every page: most visits never search.
function loadSearch(): Promise<Loaded> {
  loading ??= Promise.all([
    fetch(`/api/search-index?v=${SEARCH_INDEX_VERSION}`).then((r) => {
      if (!r.ok) throw new Error(`search index unavailable (${r.status})`);
      return r.json() as Promise<SearchIndex>;
    }),
    import("@/lib/search/search-course").then((m) => m.searchCourse),
  ]).then(([index, search]) => ({ index, search }));
  // A failed load may be a passing outage: the next focus tries again.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** Instant search of lessons, exercises and labs in the header; submitting falls back to the /search page. */
export function SearchBox() {
  const [query, setQuery] = useState("");
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [failed, setFailed] = useState(false);
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLFormElement>(null);

  useEffect(() => {
    const close = (event: MouseEvent) => {
      if (box.current && !box.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, []);

  const load = () => {
    loadSearch().then(
      (l) => {
        setLoaded(l);
        setFailed(false);
      },
      () => setFailed(true),
    );
  };
  const results = loaded && query.trim() ? loaded.search(loaded.index, query, 6) : [];

  const showing = open && !!query.trim();
  return (
    // biome-ignore lint/a11y/useSemanticElements: a form with role="search" works without JavaScript everywhere.
    <form
      ref={box}
      action="/search"
      role="search"
      className="relative w-full lg:w-auto"
      onKeyDown={(e) => {
        if (e.key !== "Escape" || !showing) return;
        // Handled: the header's menu (on a phone) stays open until a second Escape.
        e.preventDefault();
        setOpen(false);
      }}
    >
      <label htmlFor="site-search" className="sr-only">
        Search lessons, exercises and labs
      </label>
      <input
        id="site-search"
        name="q"
        type="search"
        autoComplete="off"
        placeholder="Search the course"
        value={query}
        onFocus={() => {
          load();
          setOpen(true);
        }}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
        }}
        // Only while the list exists: a reference to a missing element is an error to assistive technology.
        aria-controls={showing ? "site-search-results" : undefined}
        className={
          "w-full rounded border border-slate-300 px-2 py-1 text-sm lg:w-44 lg:focus:w-64 " +
          "dark:border-slate-700 dark:bg-slate-900"
        }
      />
      {showing && (
        <div
          id="site-search-results"
          data-testid="instant-search"
          className={
            "absolute right-0 left-0 z-20 mt-1 rounded-lg border border-slate-200 lg:left-auto lg:w-96 " +
            "bg-white p-2 shadow-lg dark:border-slate-700 dark:bg-slate-900"
          }
        >
          {failed && (
            <p className="p-2 text-sm">Search is unavailable right now; press Enter to search on the server.</p>
          )}
          {!failed && !loaded && <p className="p-2 text-sm text-slate-500 dark:text-slate-400">Loading the index…</p>}
          {loaded && results.length === 0 && (
            <p className="p-2 text-sm text-slate-500 dark:text-slate-400">
              Nothing in the course matches “{query.trim()}”.
            </p>
          )}
          <ul>
            {results.map((r) => (
              <li key={r.href}>
                <Link
                  href={r.href}
                  onClick={() => setOpen(false)}
                  className="block rounded p-2 hover:bg-slate-100 dark:hover:bg-slate-800"
                >
                  {r.kind !== "lesson" && (
                    <span className="text-xs text-slate-500 dark:text-slate-400">{RESULT_KIND[r.kind]}: </span>
                  )}
                  <span className="text-sm font-medium">{r.title}</span>
                  {r.heading && <span className="text-sm text-slate-500 dark:text-slate-400"> › {r.heading}</span>}
                  <span className="block truncate text-xs text-slate-500 dark:text-slate-400">{r.snippet}</span>
                </Link>
              </li>
            ))}
          </ul>
        </div>
      )}
    </form>
  );
}
