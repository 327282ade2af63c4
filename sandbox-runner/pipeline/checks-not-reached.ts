import { CACHE_CHECKS } from "../cache/run-cache-checks";
import { STACK_CHECKS } from "../compose/stack/stack-check-specs";
import type { CheckResult, ExerciseChecks } from "../grading/lib";
import { type CheckSpec, toCheckResult } from "../grading/lib";
import { IMAGE_CHECKS } from "../inspect/run-image-checks";
import { runChecksFor } from "../run/run-container-checks";
import { GPU_PROBE, IMAGE_BUILDS } from "./core-checks";

/**
 * When a phase stops the pipeline, the checks of the phases after it are
 * listed as skipped with the reason, and their points count as lost: a
 * submission that does not build must not score as if those checks passed.
 */
export function checksNotReached(params: ExerciseChecks, from: "build" | "inspect", reason: string): CheckResult[] {
  const specs: CheckSpec[] = [
    ...(from === "build" ? [IMAGE_BUILDS] : []),
    ...IMAGE_CHECKS,
    ...(params.cache ? CACHE_CHECKS : []),
    ...(params.run ? runChecksFor(params.run) : []),
    ...(params.gpu ? [GPU_PROBE] : []),
    ...(params.compose?.stack ? STACK_CHECKS : []),
  ].filter((spec) => !params.disable.includes(spec.id));
  return specs.map((spec) => ({
    ...toCheckResult(spec, { status: "skipped", reason: `Not checked: ${reason}` }),
    maxPoints: spec.points,
  }));
}
