import type { Options } from "minisearch";
import { tokenize } from "./tokenize";

/**
 * Bump when the index format or ENGINE_OPTIONS change. Browsers fetch the index
 * under this version, so none searches a cached index of another format.
 */
export const SEARCH_INDEX_VERSION = 2;

/**
 * One searchable unit: a lesson section. The lesson's title and summary are
 * indexed with its introduction only, so a long lesson does not score its
 * title once per section.
 */
export interface SectionEntry {
  id: number;
  /** Index into SearchIndex.docs. */
  lesson: number;
  /** Index into that doc's sections. */
  section: number;
  title: string;
  summary: string;
  heading: string;
  text: string;
  /** Text from code blocks and terminals: searchable, weighted lower than prose. */
  code: string;
}

/**
 * MiniSearch needs the same options to load an index as to build it, so both
 * sides take them from here. The tokenizer is ours: Docker vocabulary such as
 * "--no-cache-dir" and "python:3.11-slim" must stay findable as typed.
 */
export const ENGINE_OPTIONS: Options<SectionEntry> = {
  fields: ["title", "summary", "heading", "text", "code"],
  storeFields: ["lesson", "section"],
  tokenize,
};
