import { readFile } from "node:fs/promises";
import matter from "gray-matter";
import MiniSearch from "minisearch";
import type { Course } from "../content/load-course";
import { mdxToSections, type PlainSection } from "./mdx-to-sections";
import { ENGINE_OPTIONS, SEARCH_INDEX_VERSION, type SectionEntry } from "./search-engine";
import type { SearchDoc, SearchIndex } from "./search-index-schema";

const SNIPPET_TEXT_LIMIT = 1200;

/** What search reads of an exercise's or a lab's spec: the page it leads to is introduced by these. */
interface PracticeSpec {
  title: string;
  summary: string;
  lesson?: string;
}

/** The course's graded exercises and labs, indexed beside its lessons: a learner finds them by what they practise. */
export interface Practice {
  exercises: readonly { slug: string; spec: PracticeSpec & { prompt: string } }[];
  labs: readonly {
    slug: string;
    spec: PracticeSpec & { goal: string; tasks: { id: string; title: string; goal: string }[] };
  }[];
}

interface Page extends Omit<SearchDoc, "sections"> {
  /** Said with the introduction only (a lesson's objectives, say). */
  also: string[];
  sections: PlainSection[];
}

/** Builds the search index from the course sources: every lesson, and the exercises and labs given. */
export async function buildSearchIndex(course: Course, practice: Practice = { exercises: [], labs: [] }) {
  const moduleOf = (lessonSlug: string | undefined) => {
    const lesson = course.lessons.find((l) => l.slug === lessonSlug);
    return course.modules.find((m) => m.slug === lesson?.moduleSlug)?.title ?? "";
  };
  const pages: Page[] = [];
  for (const lesson of course.lessons) {
    const { content } = matter(await readFile(lesson.file, "utf8"));
    pages.push({
      kind: "lesson",
      slug: lesson.slug,
      title: lesson.title,
      module: moduleOf(lesson.slug),
      summary: lesson.summary,
      also: lesson.objectives,
      sections: mdxToSections(content, lesson.title),
    });
  }
  for (const { slug, spec } of practice.exercises) {
    const prompt = { heading: spec.title, anchor: "", text: spec.prompt, code: "" };
    pages.push({ kind: "exercise", slug, ...about(spec, moduleOf), sections: [prompt] });
  }
  for (const { slug, spec } of practice.labs) {
    // Each task is a section of its own: the result links to the task on the lab's page (lab-tasks.tsx's ids).
    const tasks = spec.tasks.map((t) => ({ heading: t.title, anchor: `task-${t.id}`, text: t.goal, code: "" }));
    const goal = { heading: spec.title, anchor: "", text: spec.goal, code: "" };
    pages.push({ kind: "lab", slug, ...about(spec, moduleOf), sections: [goal, ...tasks] });
  }
  return indexPages(pages);
}

function about(spec: PracticeSpec, moduleOf: (lesson?: string) => string) {
  return { title: spec.title, module: moduleOf(spec.lesson), summary: spec.summary, also: [] };
}

function indexPages(pages: Page[]): SearchIndex {
  const docs: SearchDoc[] = [];
  const entries: SectionEntry[] = [];
  for (const { also, sections, ...page } of pages) {
    const doc = docs.length;
    docs.push({
      ...page,
      sections: sections.map(({ code, ...s }) => ({ ...s, text: s.text.slice(0, SNIPPET_TEXT_LIMIT) })),
    });
    sections.forEach((s, i) => {
      const intro = i === 0;
      entries.push({
        id: entries.length,
        doc,
        section: i,
        title: intro ? page.title : "",
        summary: intro ? [page.summary, ...also].join(" ") : "",
        // The introduction's "heading" is the page's title, already indexed as such.
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
