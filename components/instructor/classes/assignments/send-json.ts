/** Sends a JSON request to a staff API and returns the error message to show, or null when it worked. */
export async function sendJson(url: string, method: "POST" | "PUT" | "DELETE", body?: object): Promise<string | null> {
  try {
    const response = await fetch(url, {
      method,
      headers: body ? { "Content-Type": "application/json" } : undefined,
      body: body ? JSON.stringify(body) : undefined,
    });
    if (response.ok) return null;
    const answer = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    return answer?.error?.message ?? `That did not work (HTTP ${response.status}).`;
  } catch {
    // fetch rejects only when the request never got an answer.
    return "The server could not be reached. Please try again.";
  }
}

/** A datetime-local input's value (the browser's own time zone) as ISO 8601, or null when empty. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** An ISO time as a datetime-local input's value in the browser's time zone. */
export function isoToLocalInput(iso: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}
