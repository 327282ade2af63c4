import { z } from "zod";
import { slugSchema } from "../content/schemas";
import { submittedFileSchema } from "../file-sets/validate-files";

export const submissionRequestSchema = z.object({
  exercise: slugSchema,
  files: z.array(submittedFileSchema).max(1000),
});
export type SubmissionRequest = z.infer<typeof submissionRequestSchema>;
