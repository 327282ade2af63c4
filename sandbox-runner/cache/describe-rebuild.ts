import type { BuildStepRecord } from "../docker/buildkit-progress";
import type { CacheRebuild } from "../grading/lib";
import { compareStepRecords } from "./compare-step-records";
import { explainFirstMiss } from "./explain-cache-miss";
import type { DockerfileStep } from "./final-stage-steps";

/**
 * The cache diagram's data for one rebuild: every final-stage step with what
 * BuildKit's record says happened to it, and the first step that ran again
 * with the reason, in the same terms as the cache checks. In a rebuild that was
 * cancelled once it had answered (`stopped`), a step BuildKit listed but never
 * began is "stopped", not a step without a record of its own.
 */
export function describeRebuild(
  steps: DockerfileStep[],
  records: BuildStepRecord[],
  mutation: string,
  kind: CacheRebuild["kind"],
  stopped = false,
): CacheRebuild {
  const { verdicts, firstMiss } = compareStepRecords(steps, records, -1);

  const missed = firstMiss === undefined ? undefined : steps[firstMiss]!;
  return {
    mutation,
    kind,
    steps: steps.map((step, i) => ({
      label: step.label,
      instruction: step.text,
      line: step.line,
      outcome:
        verdicts[i] === "cached"
          ? "reused"
          : verdicts[i] === "ran"
            ? "ran"
            : verdicts[i] === "not started" && stopped
              ? "stopped"
              : "unknown",
    })),
    firstMiss: missed && {
      label: missed.label,
      line: missed.line,
      instruction: missed.text,
      explanation: explainFirstMiss(missed, mutation),
    },
  };
}
