import MiniSearch from "minisearch";
import { ENGINE_OPTIONS, type SectionEntry } from "./search-engine";
import type { SearchIndex } from "./search-index-schema";
import { tokenize } from "./tokenize";

const MAX_RESULTS = 10;

// How much a term counts by where it appears: a title match beats a passing mention.
const BOOST = { title: 8, heading: 4, summary: 3, text: 1, code: 0.5 };

// Loading rebuilds MiniSearch's tree, so do it once per index (the server and each browser hold one).
const engines = new WeakMap<SearchIndex, MiniSearch<SectionEntry>>();

function engineFor(index: SearchIndex): MiniSearch<SectionEntry> {
  const engine = engines.get(index) ?? MiniSearch.loadJS(index.engine, ENGINE_OPTIONS);
  engines.set(index, engine);
  return engine;
}

/** A query's distinct terms: a term typed twice must not count twice. */
const queryTerms = (query: string) => [...new Set(tokenize(query))];

/**
 * Ranks the course's pages (lessons, exercises, labs) for a query. Every query term must match somewhere in the
 * page: exactly, as a prefix for terms of 3+ letters (so "dockeri" finds ".dockerignore" while typing), or with a
 * typo or two in words of 5+ letters ("dokerignore"). Exact hits outrank completions and corrections. The link goes
 * to the best-matching section (a lab's task). Runs in the browser and on the server.
 */
export function searchCourse(index: SearchIndex, query: string, limit = MAX_RESULTS) {
  const terms = queryTerms(query);
  if (terms.length === 0) return [];
  const hits = engineFor(index).search(query, {
    tokenize: queryTerms,
    boost: BOOST,
    prefix: (term) => term.length >= 3,
    fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
  });

  // Hits are sections, best first: a page's first hit is its best section.
  const pages = new Map<number, { score: number; matched: Set<string>; section: number; found: string[] }>();
  for (const hit of hits) {
    const page = pages.get(hit.doc) ?? { score: 0, matched: new Set<string>(), section: hit.section, found: hit.terms };
    page.score += hit.score;
    for (const term of hit.queryTerms) page.matched.add(term);
    pages.set(hit.doc, page);
  }

  return [...pages]
    .filter(([, p]) => p.matched.size === terms.length)
    .sort(([a, x], [b, y]) => y.score - x.score || a - b)
    .slice(0, limit)
    .map(([docIndex, l]) => {
      const doc = index.docs[docIndex]!;
      const section = doc.sections[l.section] ?? doc.sections[0]!;
      const page = `/${doc.kind}s/${doc.slug}`;
      return {
        kind: doc.kind,
        slug: doc.slug,
        title: doc.title,
        module: doc.module,
        // The best-matching section, when it is not the page's introduction.
        heading: section.anchor ? section.heading : undefined,
        href: section.anchor ? `${page}#${section.anchor}` : page,
        snippet: snippetAround(section.text || doc.summary, l.found),
        score: Math.round(l.score * 10) / 10,
      };
    });
}

/** About 160 characters of the section, centred on the first matched term found. */
function snippetAround(text: string, terms: string[], width = 160): string {
  const lower = text.toLowerCase();
  const found = terms.map((t) => lower.indexOf(t)).filter((i) => i >= 0);
  const at = found.length > 0 ? Math.min(...found) : 0;
  const start = Math.max(0, at - width / 3);
  const cut = text.slice(start, start + width);
  return `${start > 0 ? "…" : ""}${cut.trim()}${start + width < text.length ? "…" : ""}`;
}
