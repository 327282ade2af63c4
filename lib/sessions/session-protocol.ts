import { z } from "zod";
import { SESSION_KINDS, SESSION_STATUSES } from "./session-lifecycle";
import { TERMINAL_LIMITS } from "./terminal-limits";

/** One of a lab's terminals (TERMINAL_LIMITS.tabs of them); a shell has the first alone. */
const terminalNumber = z
  .number()
  .int()
  .min(0)
  .max(TERMINAL_LIMITS.tabs - 1);

/** A lab task's standing as the lab host last read it (sandbox-runner/labs/verify/watch-tasks.ts `TaskStatus`). */
export const taskStatusSchema = z.object({
  id: z.string(),
  done: z.boolean(),
  found: z.string(),
  hint: z.string().optional(),
});
export type TaskStatus = z.infer<typeof taskStatusSchema>;

/** What a port preview of a lab answered, shown as text. */
const previewAnswerSchema = z.object({
  requestId: z.string(),
  port: z.number().int(),
  path: z.string(),
  status: z.number().int().nullable(),
  body: z.string(),
  error: z.string().nullable(),
});

/** Events of one session, in order, as stored in session_event and sent over SSE. Only labs have tasks and previews. */
export const sessionEventSchema = z.discriminatedUnion("type", [
  /** Terminal output, already sanitised by the host (no OSC, DCS, APC, PM or SOS strings). */
  z.object({
    type: z.literal("output"),
    /**
     * `terminal`: which of a lab's terminals printed it (its tabs); absent for the first, and every shell's. `ended`:
     * the host's last output of a tab whose shell ended (never text the lab printed, which could look the same).
     */
    data: z.object({ text: z.string(), terminal: terminalNumber.optional(), ended: z.literal(true).optional() }),
  }),
  z.object({
    type: z.literal("status"),
    data: z.object({ status: z.enum(SESSION_STATUSES), message: z.string().optional() }),
  }),
  /** A task whose standing changed (the first read reports every task, in the lab's order). */
  z.object({ type: z.literal("task"), data: taskStatusSchema }),
  z.object({ type: z.literal("preview"), data: previewAnswerSchema }),
]);
export type SessionEvent = z.infer<typeof sessionEventSchema>;

/**
 * Every event a host stores: those it shows, and what a lab's engine held when its learner asked for help, which the
 * web's course policy (lib/course-policy/) parses and files in the help request. A snapshot is never streamed.
 */
export type SessionReport = SessionEvent | { type: "snapshot"; data: { helpId: string; engine: unknown } };
export type StoredSessionEvent = SessionEvent & { id: string };

const size = {
  cols: z.number().int().min(TERMINAL_LIMITS.cols.min).max(TERMINAL_LIMITS.cols.max),
  rows: z.number().int().min(TERMINAL_LIMITS.rows.min).max(TERMINAL_LIMITS.rows.max),
};

/**
 * Body of `POST /api/sessions`: a shell in a submission's kept image, or the learner's lab of a slug (a new one, or
 * the live one the account already has on it), at the page's terminal size. A lab's `fresh`: start over, forgetting
 * the learner's kept lab of that slug instead of resuming it (ignored when the live one is handed back).
 */
export const openSessionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("shell"), submissionId: z.string().min(1).max(64), ...size }).strict(),
  z
    .object({ kind: z.literal("lab"), slug: z.string().min(1).max(100), fresh: z.boolean().optional(), ...size })
    .strict(),
]);
export type OpenSession = z.infer<typeof openSessionSchema>;

/**
 * What the browser sends to a session's terminal: keystrokes (or a paste piece), or a new terminal size; `terminal`
 * names one of a lab's tabs (absent: the first). "close-terminal" ends a tab other than the first.
 */
export const terminalInputSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("input"),
    data: z.string().min(1).max(TERMINAL_LIMITS.inputChars),
    terminal: terminalNumber.optional(),
  }),
  z.object({ type: z.literal("resize"), ...size, terminal: terminalNumber.optional() }),
  z.object({ type: z.literal("close-terminal"), terminal: terminalNumber.min(1) }),
]);
export type TerminalInput = z.infer<typeof terminalInputSchema>;

/**
 * Web app → hosts, on SESSION_CONTROL_CHANNEL. "request": a queued session waits for a host of its kind with room
 * (a shell's, one on the engine holding its image; every such host hears it and the first to claim it wins). The
 * others go to the host serving the session, and every other host ignores them.
 */
export const sessionControlSchema = z.discriminatedUnion("kind", [
  /** A shell's request names the engine holding its image; a lab's goes to any lab host. */
  z.object({
    kind: z.literal("request"),
    sessionId: z.string(),
    sessionKind: z.enum(SESSION_KINDS),
    engineId: z.string().optional(),
  }),
  z.object({ kind: z.literal("input"), sessionId: z.string(), data: z.string(), terminal: terminalNumber.optional() }),
  z.object({ kind: z.literal("resize"), sessionId: z.string(), ...size, terminal: terminalNumber.optional() }),
  z.object({ kind: z.literal("close-terminal"), sessionId: z.string(), terminal: terminalNumber.min(1) }),
  // `reason`: why, when it is not the learner's own close (a timed assessment's window ended).
  z.object({ kind: z.literal("close"), sessionId: z.string(), reason: z.string().max(300).optional() }),
  z.object({
    kind: z.literal("preview"),
    sessionId: z.string(),
    requestId: z.string(),
    port: z.number().int().min(1).max(65_535),
    path: z.string(),
  }),
  /** A learner asked for help (lib/help): the lab's host reads its engine into the help request's snapshot. */
  z.object({ kind: z.literal("snapshot"), sessionId: z.string(), helpId: z.string() }),
]);
export type SessionControl = z.infer<typeof sessionControlSchema>;

export const SESSION_CONTROL_CHANNEL = "dockyard_session_control";
