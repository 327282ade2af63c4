import { z } from "zod";
import { SHELL_STATUSES } from "./shell-lifecycle";
import { SHELL_LIMITS } from "./shell-limits";

/** Events of one shell, in order, as stored in shell_event and sent over SSE. */
export const shellEventSchema = z.discriminatedUnion("type", [
  /** Terminal output, already sanitised by the runner (no OSC, DCS, APC, PM or SOS strings). */
  z.object({ type: z.literal("output"), data: z.object({ text: z.string() }) }),
  z.object({
    type: z.literal("status"),
    data: z.object({ status: z.enum(SHELL_STATUSES), message: z.string().optional() }),
  }),
]);
export type ShellEvent = z.infer<typeof shellEventSchema>;
export type StoredShellEvent = ShellEvent & { id: string };

const size = {
  cols: z.number().int().min(SHELL_LIMITS.cols.min).max(SHELL_LIMITS.cols.max),
  rows: z.number().int().min(SHELL_LIMITS.rows.min).max(SHELL_LIMITS.rows.max),
};

/** What the browser sends to a shell it opened: keystrokes (or a paste piece), or a new terminal size. */
export const shellInputSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("input"), data: z.string().min(1).max(SHELL_LIMITS.inputChars) }),
  z.object({ type: z.literal("resize"), ...size }),
]);
export type ShellInput = z.infer<typeof shellInputSchema>;

/** Body of `POST /api/shells`. */
export const openShellSchema = z.object({ submissionId: z.string().min(1).max(64), ...size });

/**
 * Web app → runners, on SHELL_CONTROL_CHANNEL. "request": a new shell waits for a runner on `engineId`; the others
 * go to the runner serving the shell (every runner hears them and ignores shells it does not hold).
 */
export const shellControlSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("request"), sessionId: z.string(), engineId: z.string() }),
  z.object({ kind: z.literal("input"), sessionId: z.string(), data: z.string() }),
  z.object({ kind: z.literal("resize"), sessionId: z.string(), ...size }),
  z.object({ kind: z.literal("close"), sessionId: z.string() }),
]);
export type ShellControl = z.infer<typeof shellControlSchema>;

export const SHELL_CONTROL_CHANNEL = "dockyard_shell_control";
