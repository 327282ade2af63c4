import { type SelectQueryBuilder, sql } from "kysely";
import { z } from "zod";

// The one reading of an instructor list's query string and the one cut into pages: learners, submissions, people and
// the gradebook all page, search and take ids the same way.

/** A page's query string as Next.js hands it over. */
export type SearchParams = Record<string, string | string[] | undefined>;

/** One value of a query-string parameter; a repeated parameter counts by its first value. */
export function searchParam(params: SearchParams, name: string): string | undefined {
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

export const PAGE_SIZE = 50;

/** A page number from an address; callers decide what a bad one means (first page, or a reported filter). */
export const pageNumberSchema = z.coerce.number().int().min(1).max(1_000_000);

/** Counts the rows `query` selects and cuts them into pages: a page number past the end shows the last page. */
export async function countPages<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>, requested: number) {
  const count = query.select(sql<number>`count(*)::int`.as("total")).$castTo<{ total: number }>();
  const { total } = await count.executeTakeFirstOrThrow();
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(Math.max(1, requested), pageCount);
  return { page, pageCount, pageSize: PAGE_SIZE, total, offset: (page - 1) * PAGE_SIZE };
}

export type Pagination = Awaited<ReturnType<typeof countPages>>;

/** An ILIKE pattern matching `text` anywhere, its own `%`, `_` and `\` taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, "\\$&")}%`;
}

/**
 * The ids the instructor pages and APIs take from an address (users, submissions, re-grade batches): cuids and
 * better-auth ids, and the seeded ids of tests and benchmarks. Anything else cannot name a row.
 */
export const rowIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "is not an id");

/** Search text (part of a name or email): trimmed, blank means none. */
export const searchTextSchema = z
  .string()
  .trim()
  .max(200)
  .transform((v) => v || undefined);
