export type QueryState = Record<string, string | number | undefined>;

/** A list's address with some query-string state changed (the state of every instructor table); blanks left out. */
export function listHref(path: string, state: QueryState, changes: QueryState = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...state, ...changes })) {
    if (value !== undefined && value !== "") params.set(name, String(value));
  }
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
