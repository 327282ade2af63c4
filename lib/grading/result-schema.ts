import { z } from "zod";
import { FINAL_STATUSES } from "../submissions/lifecycle";

/**
 * The result document: written by the runner, read by the app. Versioned so
 * stored results stay readable when the grader grows.
 */
export const RESULT_VERSION = 2;

export const phaseNameSchema = z.enum(["validate", "static", "build", "inspect", "cache", "run", "gpu", "report"]);
export type PhaseName = z.infer<typeof phaseNameSchema>;

export const phaseResultSchema = z.object({
  name: phaseNameSchema,
  status: z.enum(["passed", "failed", "error", "skipped"]),
  ms: z.number().int().min(0),
});

export const checkResultSchema = z.object({
  id: z.string(),
  category: z.enum(["size", "cache", "security", "correctness", "gpu"]),
  title: z.string(),
  /** static | image | run; absent in version 1 documents. */
  method: z.enum(["static", "image", "run"]).optional(),
  status: z.enum(["pass", "fail", "warn", "skipped"]),
  points: z.number().min(0),
  maxPoints: z.number().min(0),
  message: z.string(),
  location: z.string().optional(),
  evidence: z.string().optional(),
  /** Why the check matters; absent in version 1 documents. */
  why: z.string().optional(),
  fix: z.string(),
  lesson: z.string(),
});

export const resultDocumentSchema = z.object({
  version: z.union([z.literal(1), z.literal(RESULT_VERSION)]),
  submissionId: z.string(),
  exercise: z.string(),
  status: z.enum(FINAL_STATUSES),
  score: z.number().min(0).max(1),
  phases: z.array(phaseResultSchema),
  checks: z.array(checkResultSchema),
  image: z
    .object({
      sizeBytes: z.number().int().min(0),
      layers: z.array(z.object({ createdBy: z.string(), sizeBytes: z.number().int().min(0), cached: z.boolean() })),
    })
    .optional(),
  logTruncated: z.boolean(),
});

export type PhaseResult = z.infer<typeof phaseResultSchema>;
export type CheckResult = z.infer<typeof checkResultSchema>;
export type ResultDocument = z.infer<typeof resultDocumentSchema>;
