/** The answer to a JSON request from a form: the body on success, else the server's own message for the person. */
export type JsonAnswer<T> = { ok: true; data: T } | { ok: false; message: string };

/**
 * Sends a JSON body (or none) and reads the answer. A refusal carries the server's message (RequestError's
 * `{ error: { message } }`), else `refused` and the status; no answer at all says `unreachable`. Never throws.
 */
export async function sendJson<T = unknown>(
  method: string,
  url: string,
  body?: unknown,
  refused = "The request failed",
  unreachable = "The server could not be reached. Please try again.",
): Promise<JsonAnswer<T>> {
  const answer = await requestJson(url, body, method).catch(() => null);
  if (!answer) return { ok: false, message: unreachable };
  const data = answer.body as { error?: { message?: string } } | null;
  if (answer.status < 200 || answer.status > 299)
    return { ok: false, message: data?.error?.message ?? `${refused} (HTTP ${answer.status}).` };
  return { ok: true, data: data as T };
}

/** sendJson for a request whose answer only matters when refused: the message to show, or null when it worked. */
export async function sendForProblem(method: string, url: string, body?: unknown): Promise<string | null> {
  const answer = await sendJson(method, url, body);
  return answer.ok ? null : answer.message;
}

export type Answer = { status: number; body: unknown };

/** Sends JSON (or nothing) and reads the JSON answer, if any; throws only when the server could not be reached. */
export async function requestJson(url: string, body?: unknown, method = "POST"): Promise<Answer> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? undefined : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}
