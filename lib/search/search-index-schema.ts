import { z } from "zod";

export const SEARCH_INDEX_VERSION = 1;

const sectionSchema = z.object({ heading: z.string(), anchor: z.string(), text: z.string() });

export const searchDocSchema = z.object({
  slug: z.string(),
  title: z.string(),
  module: z.string(),
  summary: z.string(),
  sections: z.array(sectionSchema),
});

/**
 * The index is built once from the lesson sources (at content build time) and
 * shipped as JSON; browsers search it locally, so there is no search service.
 * `postings` maps a term to [docIndex, sectionIndex, weight] triples.
 */
export const searchIndexSchema = z.object({
  version: z.literal(SEARCH_INDEX_VERSION),
  docs: z.array(searchDocSchema),
  postings: z.record(z.string(), z.array(z.tuple([z.number().int(), z.number().int(), z.number()]))),
});

export type SearchDoc = z.infer<typeof searchDocSchema>;
export type SearchIndex = z.infer<typeof searchIndexSchema>;
