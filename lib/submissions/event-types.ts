import { z } from "zod";
import { phaseResultSchema, resultDocumentSchema } from "../grading/result-schema";
import { SUBMISSION_STATUSES } from "./lifecycle";

/** Events a submission emits, in order, as stored in submission_event and sent over SSE. */
export const submissionEventSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("status"),
    data: z.object({ status: z.enum(SUBMISSION_STATUSES), message: z.string().optional() }),
  }),
  z.object({
    type: z.literal("phase"),
    data: z.object({
      name: phaseResultSchema.shape.name,
      state: z.enum(["started", "finished"]),
      result: phaseResultSchema.optional(),
    }),
  }),
  z.object({ type: z.literal("log"), data: z.object({ text: z.string() }) }),
  z.object({ type: z.literal("result"), data: resultDocumentSchema }),
]);

export type SubmissionEvent = z.infer<typeof submissionEventSchema>;
export type StoredSubmissionEvent = SubmissionEvent & { id: string };
/** What grading reports as it goes; status and result events belong to the lifecycle (./transition.ts). */
export type ProgressEvent = Exclude<SubmissionEvent, { type: "status" | "result" }>;
