// Free of zod: the lab page's preview panel loads this before interaction, where zod must not come in
// (test-support/first-load.test.ts).

export interface SessionError {
  message: string;
  /** The account's other live session, when that is why this one was refused (409). */
  otherId?: string;
}

/**
 * The server's answer to a refused request about a session, in words a learner can act on. `refused` starts the
 * sentence used when the answer carries no message ("The shell could not be opened"). A 409 that names the
 * account's other live session (`details.sessionId`, as opening any kind says) offers to close it.
 */
export function readSessionError(status: number, body: unknown, refused: string): SessionError {
  const error = (body as { error?: { message?: unknown; details?: { sessionId?: unknown } } } | null)?.error;
  const message =
    typeof error?.message === "string" && error.message
      ? error.message
      : `${refused} (HTTP ${status}). Reload the page and try again.`;
  const other = status === 409 ? error?.details?.sessionId : undefined;
  return typeof other === "string" ? { message, otherId: other } : { message };
}
