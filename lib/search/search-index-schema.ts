import type { AsPlainObject } from "minisearch";
import { z } from "zod";
import { SEARCH_INDEX_VERSION, SEARCH_KINDS } from "./search-engine";

const sectionSchema = z.object({ heading: z.string(), anchor: z.string(), text: z.string() });

const searchDocSchema = z.object({
  kind: z.enum(SEARCH_KINDS),
  slug: z.string(),
  title: z.string(),
  /** The module's title; empty for an exercise or a lab outside any module. */
  module: z.string(),
  summary: z.string(),
  sections: z.array(sectionSchema),
});

// MiniSearch checks the rest of its own serialisation (and its format version) when it loads it.
const engineSchema = z.custom<AsPlainObject>(
  (value) => typeof value === "object" && value !== null && "serializationVersion" in value,
  "not a MiniSearch index",
);

/**
 * The index is built once from the course sources (lessons, exercises and labs, at content build time) and shipped
 * as JSON; browsers search it locally, so there is no search service. `docs` carries what results show (kinds,
 * titles, headings, snippet text); `engine` is the MiniSearch index over their sections.
 */
export const searchIndexSchema = z.object({
  version: z.literal(SEARCH_INDEX_VERSION),
  docs: z.array(searchDocSchema),
  engine: engineSchema,
});

export type SearchDoc = z.infer<typeof searchDocSchema>;
export type SearchIndex = z.infer<typeof searchIndexSchema>;
