import "server-only";
import { readFile } from "node:fs/promises";
import { type SearchIndex, searchIndexSchema } from "./search-index-schema";
import { searchIndexFile, writeSearchIndex } from "./write-search-index";

let cached: Promise<SearchIndex> | undefined;

/**
 * The index the content build wrote. A server started against another data
 * directory (tests do this) builds it once itself rather than serving no search.
 */
export function loadSearchIndex(): Promise<SearchIndex> {
  cached ??= readFile(searchIndexFile(), "utf8")
    .then((text) => searchIndexSchema.parse(JSON.parse(text)))
    .catch(() => writeSearchIndex());
  return cached;
}
