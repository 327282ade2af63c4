import { readFile } from "node:fs/promises";
import matter from "gray-matter";
import type { Course } from "../content/load-course";
import { mdxToSections } from "./mdx-to-sections";
import { SEARCH_INDEX_VERSION, type SearchDoc, type SearchIndex } from "./search-index-schema";
import { tokenize } from "./tokenize";

// How much a term counts by where it appears: a title match beats a passing mention.
const WEIGHT = { title: 8, heading: 4, summary: 3, text: 1, code: 0.5 } as const;
const SNIPPET_TEXT_LIMIT = 1200;

/** Builds the lesson search index from the course sources. */
export async function buildSearchIndex(course: Course): Promise<SearchIndex> {
  const docs: SearchDoc[] = [];
  const postings = new Map<string, Map<string, number>>();
  const add = (text: string, weight: number, doc: number, section: number) => {
    for (const term of tokenize(text)) {
      const key = `${doc}:${section}`;
      const forTerm = postings.get(term) ?? new Map<string, number>();
      forTerm.set(key, (forTerm.get(key) ?? 0) + weight);
      postings.set(term, forTerm);
    }
  };

  for (const lesson of course.lessons) {
    const module = course.modules.find((m) => m.slug === lesson.moduleSlug)!;
    const { content } = matter(await readFile(lesson.file, "utf8"));
    const sections = mdxToSections(content, lesson.title);
    const docIndex = docs.length;
    docs.push({
      slug: lesson.slug,
      title: lesson.title,
      module: module.title,
      summary: lesson.summary,
      sections: sections.map((s) => ({ heading: s.heading, anchor: s.anchor, text: s.text.slice(0, SNIPPET_TEXT_LIMIT) })),
    });
    add(lesson.title, WEIGHT.title, docIndex, 0);
    add(`${lesson.summary} ${lesson.objectives.join(" ")}`, WEIGHT.summary, docIndex, 0);
    sections.forEach((s, i) => {
      if (s.anchor) add(s.heading, WEIGHT.heading, docIndex, i);
      add(s.text, WEIGHT.text, docIndex, i);
      add(s.code, WEIGHT.code, docIndex, i);
    });
  }

  const serialised: SearchIndex["postings"] = {};
  for (const [term, hits] of [...postings].sort(([a], [b]) => a.localeCompare(b))) {
    serialised[term] = [...hits].map(([key, weight]) => {
      const [doc, section] = key.split(":").map(Number);
      return [doc!, section!, Math.round(weight * 10) / 10];
    });
  }
  return { version: SEARCH_INDEX_VERSION, docs, postings: serialised };
}
