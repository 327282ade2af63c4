import { readFile } from "node:fs/promises";
import matter from "gray-matter";
import MiniSearch from "minisearch";
import type { Course } from "../content/load-course";
import { mdxToSections } from "./mdx-to-sections";
import { ENGINE_OPTIONS, SEARCH_INDEX_VERSION, type SectionEntry } from "./search-engine";
import type { SearchDoc, SearchIndex } from "./search-index-schema";

const SNIPPET_TEXT_LIMIT = 1200;

/** Builds the lesson search index from the course sources. */
export async function buildSearchIndex(course: Course): Promise<SearchIndex> {
  const docs: SearchDoc[] = [];
  const entries: SectionEntry[] = [];
  for (const lesson of course.lessons) {
    const module = course.modules.find((m) => m.slug === lesson.moduleSlug)!;
    const { content } = matter(await readFile(lesson.file, "utf8"));
    const sections = mdxToSections(content, lesson.title);
    const lessonIndex = docs.length;
    docs.push({
      slug: lesson.slug,
      title: lesson.title,
      module: module.title,
      summary: lesson.summary,
      sections: sections.map((s) => ({
        heading: s.heading,
        anchor: s.anchor,
        text: s.text.slice(0, SNIPPET_TEXT_LIMIT),
      })),
    });
    sections.forEach((s, i) => {
      const intro = i === 0;
      entries.push({
        id: entries.length,
        lesson: lessonIndex,
        section: i,
        title: intro ? lesson.title : "",
        summary: intro ? `${lesson.summary} ${lesson.objectives.join(" ")}` : "",
        // The introduction's "heading" is the lesson title, already indexed as such.
        heading: s.anchor ? s.heading : "",
        text: s.text,
        code: s.code,
      });
    });
  }
  const engine = new MiniSearch(ENGINE_OPTIONS);
  engine.addAll(entries);
  return { version: SEARCH_INDEX_VERSION, docs, engine: engine.toJSON() };
}
