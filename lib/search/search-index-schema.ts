import type { AsPlainObject } from "minisearch";
import { z } from "zod";
import { SEARCH_INDEX_VERSION } from "./search-engine";

const sectionSchema = z.object({ heading: z.string(), anchor: z.string(), text: z.string() });

const searchDocSchema = z.object({
  slug: z.string(),
  title: z.string(),
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
 * The index is built once from the lesson sources (at content build time) and
 * shipped as JSON; browsers search it locally, so there is no search service.
 * `docs` carries what results show (titles, headings, snippet text);
 * `engine` is the MiniSearch index over the lessons' sections.
 */
export const searchIndexSchema = z.object({
  version: z.literal(SEARCH_INDEX_VERSION),
  docs: z.array(searchDocSchema),
  engine: engineSchema,
});

export type SearchDoc = z.infer<typeof searchDocSchema>;
export type SearchIndex = z.infer<typeof searchIndexSchema>;
