// Free of zod: the lab page's preview panel loads this before interaction, where zod must not come in
// (test-support/first-load.test.ts).

export interface SessionError {
  message: string;
  /** The account's other live session, when that is why this one was refused (409). */
  otherId?: string;
}

/**
 * The server's answer to a refused request for a session, in words a learner can act on. `refused` starts the
 * sentence used when the answer carries no message ("The shell could not be opened"); `idKeys` are the detail
 * fields that may name the account's other session on a 409.
 */
export function readSessionError(
  status: number,
  body: unknown,
  refused: string,
  idKeys: readonly string[],
): SessionError {
  const error = (body as { error?: { message?: unknown; details?: Record<string, unknown> } } | null)?.error;
  const message =
    typeof error?.message === "string" && error.message
      ? error.message
      : `${refused} (HTTP ${status}). Reload the page and try again.`;
  if (status !== 409 || !error?.details) return { message };
  const details = error.details;
  const named = idKeys.map((key) => details[key]).find((v) => typeof v === "string");
  return named === undefined ? { message } : { message, otherId: named as string };
}

export interface ShellError {
  message: string;
  /** The account's other open shell, when that is why this one was refused (409). */
  otherShellId?: string;
}

export function readShellError(status: number, body: unknown): ShellError {
  const { message, otherId } = readSessionError(status, body, "The shell could not be opened", [
    "sessionId",
    "shellId",
    "id",
  ]);
  return otherId === undefined ? { message } : { message, otherShellId: otherId };
}
