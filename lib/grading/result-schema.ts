import { z } from "zod";
import { GRADED_STATUSES } from "./verdicts";

/**
 * The result document: written by the runner, read by the app. Versioned so
 * stored results stay readable when the grader grows.
 */
export const RESULT_VERSION = 4;

export const phaseNameSchema = z.enum([
  "validate",
  "static",
  "build",
  "inspect",
  "cache",
  "run",
  "gpu",
  // A Compose stack started for real (absent before the stack phase existed).
  "stack",
  "report",
]);
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

/** A layer of the built image, bottom-up. Everything after `cached` is absent in version 1 and 2 documents. */
export const imageLayerSchema = z.object({
  createdBy: z.string(),
  sizeBytes: z.number().int().min(0),
  /** BuildKit reused the step that made it from an earlier build. */
  cached: z.boolean(),
  /** The layer came with the final stage's FROM image rather than from the learner's instructions. */
  fromBase: z.boolean().optional(),
  /** The Dockerfile instruction that made it, when the grader could match it, one line. */
  instruction: z.string().optional(),
  line: z.number().int().min(1).optional(),
  /** Bytes of files in this layer that a later layer deletes or overwrites: shipped but never seen. */
  wastedBytes: z.number().int().min(0).optional(),
});

/** A final-stage step in one of the cache phase's rebuilds, as BuildKit recorded it. */
export const cacheStepSchema = z.object({
  /** BuildKit's step label, e.g. "[3/6]". */
  label: z.string(),
  instruction: z.string(),
  line: z.number().int().min(1),
  /**
   * "unknown": BuildKit merged the step into another stage's identical one and kept no record of its own.
   * "stopped": the grader cancelled the rebuild once an earlier step ran again (the manifest rebuild stops when
   * the install runs), so this step never started; a step after one that runs again always runs again too.
   */
  outcome: z.enum(["reused", "ran", "unknown", "stopped"]),
});

/** One rebuild of the cache phase: which file it edited and what BuildKit did with every step. */
export const cacheRebuildSchema = z.object({
  /** The file edited (one comment line added) before rebuilding. */
  mutation: z.string(),
  /** "code": the app file, whose edit should rebuild little; "manifest": the dependency file. */
  kind: z.enum(["code", "manifest"]),
  steps: z.array(cacheStepSchema),
  firstMiss: z
    .object({ label: z.string(), line: z.number().int().min(1), instruction: z.string(), explanation: z.string() })
    .optional(),
});

/**
 * One mistake and the checks that found it: a shared cause (lib/grading/checks/causes.ts) or a check of its own.
 * Absent before version 4, where the report groups the checks itself.
 */
export const findingSchema = z.object({
  /** The cause's id, or the check's id when no other check finds the same mistake. */
  cause: z.string(),
  title: z.string(),
  /** "fail" when any of its checks fails; "warn" when they only warn. */
  status: z.enum(["fail", "warn"]),
  why: z.string().optional(),
  /** The one fix shown for it. */
  fix: z.string(),
  lesson: z.string(),
  /** Ids of the checks that failed or warned for it, in pipeline order. */
  checks: z.array(z.string()).min(1),
  /** What the mistake is worth in the score, counted once however many checks found it, and what it costs. */
  maxPoints: z.number().min(0),
  lostPoints: z.number().min(0),
});

/**
 * What this attempt's image is compared with (lib/grading/size-comparison.ts decides): set when the exercise asks
 * for it (`checks.size.compareWithSingleStage`) and the image was built. Absent in older documents.
 */
export const sizeComparisonSchema = z.object({
  /** FROM instructions in this attempt's Dockerfile. */
  stages: z.number().int().min(0),
  /** The learner's own earlier attempt it is compared with; none when this attempt is single-stage or the first. */
  baseline: z
    .object({
      submissionId: z.string(),
      attempt: z.number().int().min(1),
      /** "single-stage": their newest earlier single-stage attempt; "earliest": their earliest built, if none was. */
      kind: z.enum(["single-stage", "earliest"]),
      sizeBytes: z.number().int().min(0),
    })
    .optional(),
});

export const resultDocumentSchema = z.object({
  version: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(RESULT_VERSION)]),
  submissionId: z.string(),
  exercise: z.string(),
  status: z.enum(GRADED_STATUSES),
  score: z.number().min(0).max(1),
  phases: z.array(phaseResultSchema),
  checks: z.array(checkResultSchema),
  image: z
    .object({
      sizeBytes: z.number().int().min(0),
      layers: z.array(imageLayerSchema),
    })
    .optional(),
  /** The cache phase's rebuilds; absent before version 3 and when the exercise grades no caching. */
  cache: z.object({ rebuilds: z.array(cacheRebuildSchema) }).optional(),
  logTruncated: z.boolean(),
  /** Version 4: the findings, the ones to fix first first; and the points behind `score` (a cause counts once). */
  findings: z.array(findingSchema).optional(),
  points: z.number().min(0).optional(),
  maxPoints: z.number().min(0).optional(),
  sizeComparison: sizeComparisonSchema.optional(),
});

export type PhaseResult = z.infer<typeof phaseResultSchema>;
export type CheckResult = z.infer<typeof checkResultSchema>;
export type ResultDocument = z.infer<typeof resultDocumentSchema>;
export type ImageLayer = z.infer<typeof imageLayerSchema>;
export type CacheRebuild = z.infer<typeof cacheRebuildSchema>;
export type CacheStep = z.infer<typeof cacheStepSchema>;
export type FindingResult = z.infer<typeof findingSchema>;
export type SizeComparison = z.infer<typeof sizeComparisonSchema>;
