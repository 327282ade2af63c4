import type { Options } from "minisearch";
import type { PlainSection } from "./mdx-to-sections";
import { tokenize } from "./tokenize";

/**
 * Bump when the index format or ENGINE_OPTIONS change. Browsers fetch the index
 * under this version, so none searches a cached index of another format.
 */
export const SEARCH_INDEX_VERSION = 3;

/** What a page of the course is; its address is `/<kind>s/<slug>`. */
export const SEARCH_KINDS = ["lesson", "exercise", "lab"] as const;

/** How a result names what it leads to. */
export const RESULT_KIND: Record<(typeof SEARCH_KINDS)[number], string> = {
  lesson: "Lesson",
  exercise: "Graded exercise",
  lab: "Lab",
};

/**
 * One searchable unit: a section of a page (a lesson's section, an exercise's prompt, a lab's goal or one of its
 * tasks). The page's title and summary are indexed with its introduction only, so a long lesson does not score its
 * title once per section.
 */
export interface SectionEntry extends Omit<PlainSection, "anchor"> {
  id: number;
  /** Index into SearchIndex.docs. */
  doc: number;
  /** Index into that doc's sections. */
  section: number;
  title: string;
  summary: string;
}

/**
 * MiniSearch needs the same options to load an index as to build it, so both sides take them from here. The tokenizer
 * is ours: Docker vocabulary such as "--no-cache-dir" and "python:3.11-slim" must stay findable as typed.
 */
export const ENGINE_OPTIONS: Options<SectionEntry> = {
  fields: ["title", "summary", "heading", "text", "code"],
  storeFields: ["doc", "section"],
  tokenize,
};
