import { type ShellEvent, shellEventSchema } from "@/lib/shell/shell-protocol";

/**
 * Reads one SSE message of a shell's stream: the event name is its type and the data its payload (as the
 * submission stream sends them); a payload that is a whole event is taken as it is. Anything else is null.
 */
export function parseShellMessage(type: string, raw: string): ShellEvent | null {
  let payload: unknown;
  try {
    payload = JSON.parse(raw);
  } catch {
    return null;
  }
  const whole = shellEventSchema.safeParse(payload);
  if (whole.success) return whole.data;
  const named = shellEventSchema.safeParse({ type, data: payload });
  return named.success ? named.data : null;
}

export interface ShellError {
  message: string;
  /** The account's other open shell, when that is why this one was refused (409). */
  otherShellId?: string;
}

/** The server's answer to a refused shell request, in words a learner can act on. */
export function readShellError(status: number, body: unknown): ShellError {
  const error = (body as { error?: { message?: unknown; details?: Record<string, unknown> } } | null)?.error;
  const message =
    typeof error?.message === "string" && error.message
      ? error.message
      : `The shell could not be opened (HTTP ${status}). Reload the page and try again.`;
  if (status !== 409 || !error?.details) return { message };
  const details = error.details;
  const named = [details.sessionId, details.shellId, details.id].find((v) => typeof v === "string");
  return { message, otherShellId: named as string | undefined };
}
