import { type SessionEvent, sessionEventSchema } from "@/lib/sessions/session-protocol";

/**
 * Reads one SSE message of a session's stream: the event name is its type and the data its payload (as the
 * submission stream sends them); a payload that is a whole event is taken as it is. Anything else is null.
 */
export function parseSessionMessage(type: string, raw: string): SessionEvent | null {
  let payload: unknown;
  try {
    payload = JSON.parse(raw);
  } catch {
    return null;
  }
  const whole = sessionEventSchema.safeParse(payload);
  if (whole.success) return whole.data;
  const named = sessionEventSchema.safeParse({ type, data: payload });
  return named.success ? named.data : null;
}
