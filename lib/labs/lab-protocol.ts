import { z } from "zod";
import { LAB_STATUSES } from "./lab-lifecycle";
import { LAB_LIMITS } from "./lab-limits";

/** A task's standing as the lab host last read it (sandbox-runner/labs/verify/watch-tasks.ts `TaskStatus`). */
export const labTaskStatusSchema = z.object({
  id: z.string(),
  done: z.boolean(),
  found: z.string(),
  hint: z.string().optional(),
});
export type LabTaskStatus = z.infer<typeof labTaskStatusSchema>;

/** Events of one lab, in order, as stored in lab_event and sent over SSE. */
export const labEventSchema = z.discriminatedUnion("type", [
  /** Terminal output, already sanitised by the lab host (no OSC, DCS, APC, PM or SOS strings). */
  z.object({ type: z.literal("output"), data: z.object({ text: z.string() }) }),
  z.object({
    type: z.literal("status"),
    data: z.object({ status: z.enum(LAB_STATUSES), message: z.string().optional() }),
  }),
  /** A task whose standing changed (the first read reports every task). */
  z.object({ type: z.literal("task"), data: labTaskStatusSchema }),
  /** The answer to a port preview the learner asked for, shown as text. */
  z.object({
    type: z.literal("preview"),
    data: z.object({
      requestId: z.string(),
      port: z.number().int(),
      path: z.string(),
      status: z.number().int().nullable(),
      body: z.string(),
      error: z.string().nullable(),
    }),
  }),
]);
export type LabEvent = z.infer<typeof labEventSchema>;
export type StoredLabEvent = LabEvent & { id: string };

const size = {
  cols: z.number().int().min(LAB_LIMITS.cols.min).max(LAB_LIMITS.cols.max),
  rows: z.number().int().min(LAB_LIMITS.rows.min).max(LAB_LIMITS.rows.max),
};

/** Body of `POST /api/labs`: start (or reattach to) the learner's lab of this slug. */
export const startLabSchema = z.object({ slug: z.string().min(1).max(100), ...size }).strict();

/** What the browser sends to its lab's terminal: keystrokes (or a paste piece), or a new terminal size. */
export const labInputSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("input"), data: z.string().min(1).max(LAB_LIMITS.inputChars) }),
  z.object({ type: z.literal("resize"), ...size }),
]);
export type LabInput = z.infer<typeof labInputSchema>;

/** Body of `POST /api/labs/:id/preview`: a port of the lab and a path on it, nothing else. */
export const labPreviewRequestSchema = z
  .object({
    port: z.number().int().min(1).max(65_535),
    path: z
      .string()
      .max(2000)
      .regex(/^\/[^\s]*$/, "a path that starts with / and has no spaces, such as /health")
      .default("/"),
  })
  .strict();

/**
 * Web app → lab hosts, on LAB_CONTROL_CHANNEL. "request": a queued lab waits for a host with room (every host
 * hears it; the first to claim it wins); the others go to the host serving the lab, and every other host ignores them.
 */
export const labControlSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("request"), sessionId: z.string() }),
  z.object({ kind: z.literal("input"), sessionId: z.string(), data: z.string() }),
  z.object({ kind: z.literal("resize"), sessionId: z.string(), ...size }),
  z.object({ kind: z.literal("close"), sessionId: z.string() }),
  z.object({
    kind: z.literal("preview"),
    sessionId: z.string(),
    requestId: z.string(),
    port: z.number().int().min(1).max(65_535),
    path: z.string(),
  }),
]);
export type LabControl = z.infer<typeof labControlSchema>;

export const LAB_CONTROL_CHANNEL = "dockyard_lab_control";
