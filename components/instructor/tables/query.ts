export type QueryState = Record<string, string | number | undefined>;

/**
 * The address of a list with some of its query-string state changed: the query string is the state of every
 * instructor table, so sort headers, pages and filters are plain links. Blank values are left out.
 */
export function listHref(path: string, state: QueryState, changes: QueryState = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...state, ...changes })) {
    if (value !== undefined && value !== "") params.set(name, String(value));
  }
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
