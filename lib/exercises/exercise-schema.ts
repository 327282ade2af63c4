import { z } from "zod";
import { slugSchema } from "../content/schemas";

const relativePath = z
  .string()
  .min(1)
  .max(200)
  .refine((p) => !p.startsWith("/") && !p.split("/").includes("..") && !p.includes("\\"), "must be a relative path inside the exercise");

/** exercise.yaml; the grading-engine issue extends `checks`. */
export const exerciseSpecSchema = z.object({
  title: z.string().min(3),
  summary: z.string().min(10).max(300),
  lesson: slugSchema.optional(),
  prompt: z.string().min(10),
  queue: z.enum(["grade-cpu", "grade-gpu"]).default("grade-cpu"),
  editable: z.array(relativePath).min(1).max(20),
  limits: z
    .object({
      buildSeconds: z.number().int().min(10).max(300).default(300),
      buildMemoryMB: z.number().int().min(64).max(2048).default(2048),
    })
    .prefault({}),
});

export type ExerciseSpec = z.infer<typeof exerciseSpecSchema>;
