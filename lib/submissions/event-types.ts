import { z } from "zod";
import { phaseResultSchema, resultDocumentSchema } from "../grading/result-schema";

/** Events a submission emits, in order, as stored in submission_event and sent over SSE. */
export const submissionEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("status"), data: z.object({ status: z.enum(["queued", "running", "passed", "failed", "error"]), message: z.string().optional() }) }),
  z.object({ type: z.literal("phase"), data: z.object({ name: phaseResultSchema.shape.name, state: z.enum(["started", "finished"]), result: phaseResultSchema.optional() }) }),
  z.object({ type: z.literal("log"), data: z.object({ text: z.string() }) }),
  z.object({ type: z.literal("result"), data: resultDocumentSchema }),
]);

export type SubmissionEvent = z.infer<typeof submissionEventSchema>;
export type StoredSubmissionEvent = SubmissionEvent & { id: string };

export { FINAL_STATUSES } from "./final-statuses";
export const EVENTS_CHANNEL = "dockyard_submission_events";
