import type { ZodType } from "zod";
import { type ShellEvent, shellEventSchema } from "@/lib/shell/shell-protocol";

/**
 * Reads one SSE message of a session's stream (a shell's or a lab's): the event name is its type and the data its
 * payload (as the submission stream sends them); a payload that is a whole event is taken as it is. Anything else
 * is null.
 */
export function parseSessionMessage<E>(schema: ZodType<E>, type: string, raw: string): E | null {
  let payload: unknown;
  try {
    payload = JSON.parse(raw);
  } catch {
    return null;
  }
  const whole = schema.safeParse(payload);
  if (whole.success) return whole.data;
  const named = schema.safeParse({ type, data: payload });
  return named.success ? named.data : null;
}

export function parseShellMessage(type: string, raw: string): ShellEvent | null {
  return parseSessionMessage(shellEventSchema, type, raw);
}
