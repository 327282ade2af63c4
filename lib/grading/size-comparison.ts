import { formatBytes } from "../format/bytes";
import type { SizeComparison } from "./result-schema";

/** One of the learner's earlier graded attempts whose image was measured. */
export interface SizedAttempt {
  submissionId: string;
  /** The attempt's number as the learner's history counts it (1 = their first). */
  attempt: number;
  sizeBytes: number;
  /** FROM instructions in its Dockerfile. */
  stages: number;
}

/**
 * The one decision of what a multi-stage attempt's image is compared with: the newest earlier attempt that was
 * single-stage (the "before" of the exercise), or, when the learner never graded one, their earliest attempt whose
 * image was built, which is as close to the starter as their history gets. A single-stage attempt is itself the
 * "before": it gets no baseline. `earlier` is the learner's own attempts before this one, in any order.
 */
export function compareSizes(current: { stages: number }, earlier: readonly SizedAttempt[]): SizeComparison {
  if (current.stages <= 1) return { stages: current.stages };
  const oldestFirst = [...earlier].sort((a, b) => a.attempt - b.attempt);
  const single = oldestFirst.findLast((a) => a.stages === 1);
  const chosen = single ?? oldestFirst[0];
  if (!chosen) return { stages: current.stages };
  return {
    stages: current.stages,
    baseline: {
      submissionId: chosen.submissionId,
      attempt: chosen.attempt,
      kind: single ? "single-stage" : "earliest",
      sizeBytes: chosen.sizeBytes,
    },
  };
}

/** The comparison as the report and the command line word it, e.g. "single-stage attempt #2: 642 MB". */
export interface SizeComparisonText {
  /** "single-stage attempt #2" or "earliest attempt #1": the part a page links to the attempt. */
  baseline: string;
  before: string;
  after: string;
  /** "-76 %", "+3 %" or "±0 %". */
  change: string;
}

export function sizeComparisonText(
  comparison: SizeComparison,
  sizeBytes: number,
): SizeComparisonText | { note: string } {
  const { baseline } = comparison;
  if (!baseline) {
    return {
      note:
        comparison.stages <= 1
          ? `This single-stage image (${formatBytes(sizeBytes)}) is your baseline: your multi-stage attempts are ` +
            "compared with it."
          : "No earlier attempt of yours to compare this image with: submit a single-stage version (the starter " +
            "as it is) once, and later reports show what the multi-stage build saves.",
    };
  }
  const percent =
    baseline.sizeBytes === 0 ? 0 : Math.round(((sizeBytes - baseline.sizeBytes) / baseline.sizeBytes) * 100);
  return {
    baseline: `${baseline.kind} attempt #${baseline.attempt}`,
    before: formatBytes(baseline.sizeBytes),
    after: formatBytes(sizeBytes),
    change: percent === 0 ? "±0 %" : `${percent > 0 ? "+" : "-"}${Math.abs(percent)} %`,
  };
}
