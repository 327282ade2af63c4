// Free of zod, which must not load before interaction (test-support/first-load.test.ts).

/**
 * A refusal in words a learner can act on (`refused` starts one the server gave no message for); a 409 naming the
 * account's other live session (`details.sessionId`) gives its `otherId`, offering to close it.
 */
export function readSessionError(status: number, body: unknown, refused: string) {
  const error = (body as { error?: { message?: unknown; details?: { sessionId?: unknown } } } | null)?.error;
  const message =
    typeof error?.message === "string" && error.message
      ? error.message
      : `${refused} (HTTP ${status}). Reload the page and try again.`;
  const other = status === 409 ? error?.details?.sessionId : undefined;
  return typeof other === "string" ? { message, otherId: other } : { message };
}
