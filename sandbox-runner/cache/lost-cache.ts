import type { BuildStepRecord } from "../docker/buildkit-progress";
import { recordOf } from "./compare-step-records";
import { copyCoversPath } from "./copy-covers-path";
import type { StageSteps } from "./final-stage-steps";

/**
 * Whether a step can see an edit of `edited`: it copies it from the build context, copies from another stage or
 * image (built from who knows what), adds from elsewhere, or bind-mounts files into a RUN (the context by default).
 */
function reachedBy(step: StageSteps["steps"][number], edited: string): boolean {
  if (step.copyFrom !== undefined) return true;
  if (step.sources?.some((src) => copyCoversPath(src, edited) || /^[a-z]+:\/\/|^git@/i.test(src))) return true;
  if (step.keyword !== "RUN") return false;
  return [...step.fullText.matchAll(/--mount=(\S+)/g)].some((m) => {
    const type = /(?:^|,)type=([a-z]+)/.exec(m[1]!)?.[1] ?? "bind";
    return type === "bind";
  });
}

/**
 * The step of a rebuild that shows the first build's cache was not there: a step BuildKit ran again although nothing
 * the edit changed can reach it or anything before it. In a stage FROM an image, such a step has the first build's
 * inputs exactly (the base, the instructions, the files it copies, the build arguments), so BuildKit reuses it
 * whatever the learner wrote; running it again is the engine's doing (its cache not yet written, or gone), never the
 * learner's. Undefined when every such step was reused, or the stage stands on another stage (whose own steps the
 * edit may reach).
 */
export function lostCacheStep(
  stage: StageSteps,
  records: BuildStepRecord[],
  edited: string,
): StageSteps["steps"][number] | undefined {
  if (!stage.fromIsStep) return undefined;
  for (const step of stage.steps) {
    if (reachedBy(step, edited)) return undefined;
    const record = recordOf(step, records);
    if (record && !record.cached && record.started) return step;
  }
  return undefined;
}
