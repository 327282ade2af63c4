import { dockerfileStages } from "../cache/final-stage-steps";
import type { BuildStepRecord } from "../docker/buildkit-progress";
import type { DockerfileModel } from "../grading/lib";

export interface StepLocation {
  line: number;
  instruction: string;
}

/**
 * Maps one of BuildKit's step records (`[stage-1 3/5] RUN ...`) back to the
 * Dockerfile line it came from. Returns nothing for BuildKit's own steps
 * (`[internal] load build context`, exporting) and for stages it cannot find.
 */
export function locateBuildStep(
  dockerfile: DockerfileModel,
  record: Pick<BuildStepRecord, "stage" | "index">,
): StepLocation | undefined {
  if (record.stage === undefined || record.index === undefined) return undefined;
  const stage = dockerfileStages(dockerfile).find((s) => s.key === record.stage);
  if (!stage) return undefined;
  if (record.index === 1 && stage.fromIsStep) {
    return { line: stage.fromLine, instruction: dockerfile.source.split("\n")[stage.fromLine - 1]!.trim() };
  }
  const step = stage.steps.find((s) => s.index === record.index);
  return step ? { line: step.line, instruction: step.text } : undefined;
}
