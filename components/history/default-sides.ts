import type { AttemptSummary, CompareSide } from "@/lib/submissions/history";

/**
 * What attempt `attemptId` (else the newest; a re-grade stands for its original) changed since the one before; with
 * no attempt, the starter files against the draft.
 */
export function defaultSides(
  attempts: readonly AttemptSummary[],
  attemptId?: string,
): { from: CompareSide; to: CompareSide } {
  const own = attempts.filter((a) => !a.regradeOf);
  const picked = attempts.find((a) => a.id === attemptId);
  const at = picked ? own.findIndex((a) => a.id === (picked.regradeOf ?? picked.id)) : 0;
  const attempt = own[at];
  if (!attempt) return { from: "starter", to: "draft" };
  // Newest first, so the attempt before is the next one in the list.
  return { from: own[at + 1]?.id ?? "starter", to: attempt.id };
}
