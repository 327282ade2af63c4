/**
 * For an effect that adds to a page what it reads the same without (progress, deadlines, a hint a grade opened):
 * fetches `url` and hands its JSON to `use` unless the effect was cleaned up first; a refusal or a dropped connection
 * changes nothing. Returns the effect's cleanup.
 */
export function fetchForEffect<T>(url: string, init: RequestInit, use: (answer: T) => void): () => void {
  let cancelled = false;
  fetch(url, init)
    .then((response) => (response.ok ? (response.json() as Promise<T>) : undefined))
    .then((answer) => {
      if (!cancelled && answer) use(answer);
    })
    .catch(() => {});
  return () => {
    cancelled = true;
  };
}
