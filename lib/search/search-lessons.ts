import type { SearchIndex } from "./search-index-schema";
import { tokenize } from "./tokenize";

export interface SearchResult {
  slug: string;
  title: string;
  module: string;
  /** The best-matching section, when it is not the lesson's introduction. */
  heading?: string;
  href: string;
  snippet: string;
  score: number;
}

const MAX_RESULTS = 10;
const MIN_PREFIX = 3;

/**
 * Ranks lessons for a query: every query term must match somewhere in the
 * lesson (exactly, or as a prefix for terms of 3+ letters, so "dockeri"
 * finds ".dockerignore" while typing). Runs in the browser and on the server.
 */
export function searchLessons(index: SearchIndex, query: string, limit = MAX_RESULTS): SearchResult[] {
  const terms = [...new Set(tokenize(query))];
  if (terms.length === 0) return [];
  const allTerms = Object.keys(index.postings);
  const perDoc = new Map<number, { matched: Set<string>; score: number; sections: Map<number, number> }>();

  for (const term of terms) {
    const keys = term.length >= MIN_PREFIX ? allTerms.filter((t) => t.startsWith(term)) : index.postings[term] ? [term] : [];
    for (const key of keys) {
      // An exact hit outranks a completion of what is being typed.
      const factor = key === term ? 1 : 0.6;
      for (const [doc, section, weight] of index.postings[key]!) {
        const entry = perDoc.get(doc) ?? { matched: new Set<string>(), score: 0, sections: new Map<number, number>() };
        entry.matched.add(term);
        entry.score += weight * factor;
        entry.sections.set(section, (entry.sections.get(section) ?? 0) + weight * factor);
        perDoc.set(doc, entry);
      }
    }
  }

  return [...perDoc]
    .filter(([, e]) => e.matched.size === terms.length)
    .sort(([a, x], [b, y]) => y.score - x.score || a - b)
    .slice(0, limit)
    .map(([docIndex, e]) => {
      const doc = index.docs[docIndex]!;
      const [bestSection] = [...e.sections].sort(([a, x], [b, y]) => y - x || a - b)[0]!;
      const section = doc.sections[bestSection] ?? doc.sections[0]!;
      return {
        slug: doc.slug,
        title: doc.title,
        module: doc.module,
        heading: section.anchor ? section.heading : undefined,
        href: section.anchor ? `/lessons/${doc.slug}#${section.anchor}` : `/lessons/${doc.slug}`,
        snippet: snippetAround(section.text || doc.summary, terms),
        score: Math.round(e.score * 10) / 10,
      };
    });
}

/** About 160 characters of the section, centred on the first query term found. */
export function snippetAround(text: string, terms: string[], width = 160): string {
  const lower = text.toLowerCase();
  const at = terms.map((t) => lower.indexOf(t)).filter((i) => i >= 0).sort((a, b) => a - b)[0] ?? 0;
  const start = Math.max(0, at - width / 3);
  const cut = text.slice(start, start + width);
  return `${start > 0 ? "…" : ""}${cut.trim()}${start + width < text.length ? "…" : ""}`;
}
