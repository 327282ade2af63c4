import type { AttemptSummary, CompareSide } from "@/lib/submissions/history";

/**
 * The two sides a comparison starts from when the learner has not picked any: what an attempt changed since the
 * attempt before it (the starter files for a first attempt). `attemptId` names the attempt, else the newest. A
 * re-grade stands for the attempt it grades again, whose files it has, so it is never "the attempt before". With no
 * attempt yet, the starter files against the draft. The draft has its own link wherever one is shown.
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
