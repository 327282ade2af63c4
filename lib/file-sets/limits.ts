/** What a submission may hold, checked before anything is stored (docs/architecture.md, "One submission"). */
export const SUBMISSION_LIMITS = {
  maxFiles: 200,
  maxTotalBytes: 5 * 1024 * 1024,
  /** Raw request bodies above this are refused before parsing. JSON escaping can inflate text ~2x. */
  maxRequestBytes: 12 * 1024 * 1024,
  maxPathLength: 200,
} as const;
