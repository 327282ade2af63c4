/**
 * What grading ends in: the result document's status (./result-schema.ts), which becomes the submission's final
 * status (lib/submissions/lifecycle.ts). Free of imports, so browser code can use it.
 */
export const GRADED_STATUSES = ["passed", "failed", "error"] as const;
