import { z } from "zod";

/** Body of `POST /api/sessions/:id/preview`: a port of the lab and a path on it, nothing else. */
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
