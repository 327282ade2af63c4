import { type SessionEvent, sessionEventSchema } from "@/lib/sessions/session-protocol";

/** One SSE message of a session's stream: the event name its type, the data its payload (or a whole event). */
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
