import { type DockerfileModel, type DockerInstruction, flagValue, targetStage } from "../grading/lib";

/** Instructions BuildKit turns into steps of their own; the others only change the image config. */
const STEP_KEYWORDS = new Set(["RUN", "COPY", "ADD", "WORKDIR"]);

/** One instruction that BuildKit runs as a step, numbered the way BuildKit numbers it. */
export interface DockerfileStep {
  /** BuildKit's stage key: the stage's name in lower case, `stage-N`, or "" in a single-stage Dockerfile. */
  stage: string;
  /**
   * BuildKit's step index within the stage: FROM an image is step 1, then each RUN, COPY, ADD and WORKDIR.
   * FROM an earlier stage or FROM scratch is no step of its own, so there the first instruction is step 1.
   */
  index: number;
  /** Steps in the stage, FROM included when it is one. */
  total: number;
  /** How BuildKit's log names the step: `[stage-1 3/6]`, or `[3/6]` in a single-stage Dockerfile. */
  label: string;
  line: number;
  keyword: string;
  /** The whole instruction on one line, shortened for messages. */
  text: string;
  /** The whole instruction on one line, as written. */
  fullText: string;
  /** For COPY and ADD: the source paths (everything but the destination). */
  sources?: string[];
  /** For COPY --from=...: the stage or image the files come from. */
  copyFrom?: string;
}

/** A stage of the model as BuildKit runs it: its key in the build log and its numbered steps. */
export interface StageSteps {
  /** BuildKit's stage key, as in DockerfileStep. */
  key: string;
  fromLine: number;
  /** Whether BuildKit counts the FROM as the stage's step 1 (it does for an image, not for a stage or scratch). */
  fromIsStep: boolean;
  /** The stage's BuildKit steps after its FROM, in order. */
  steps: DockerfileStep[];
}

/** Every stage of the Dockerfile with its BuildKit steps, in file order. */
export function dockerfileStages(model: DockerfileModel): StageSteps[] {
  const single = model.stages.length === 1;
  return model.stages.map((stage) => {
    const key = single ? "" : (stage.name ?? `stage-${stage.index}`);
    const stepInstructions = stage.instructions.filter((i) => STEP_KEYWORDS.has(i.keyword));
    const fromIsStep = !stage.parent && !stage.scratch;
    const first = fromIsStep ? 2 : 1;
    const total = stepInstructions.length + first - 1;
    return {
      key,
      fromLine: stage.from.line,
      fromIsStep,
      steps: stepInstructions.map((instruction, i) => toStep(instruction, key, i + first, total)),
    };
  });
}

/**
 * The stage whose image the learner ships: the build target when the exercise
 * names one, else the last stage. The cache phase compares only its steps.
 */
export function finalStageSteps(model: DockerfileModel, target?: string): StageSteps {
  const chosen = targetStage(model, target);
  return (chosen && dockerfileStages(model)[chosen.index]) ?? { key: "", fromLine: 0, fromIsStep: false, steps: [] };
}

function toStep(instruction: DockerInstruction, stage: string, index: number, total: number): DockerfileStep {
  const { keyword } = instruction;
  const oneLine = instruction.source
    .replace(/\\\r?\n/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const result: DockerfileStep = {
    stage,
    index,
    total,
    label: stage ? `[${stage} ${index}/${total}]` : `[${index}/${total}]`,
    line: instruction.line,
    keyword,
    text: oneLine.length > 120 ? `${oneLine.slice(0, 117)}...` : oneLine,
    fullText: oneLine,
  };
  if (keyword === "COPY" || keyword === "ADD") {
    const paths = instruction.exec ?? instruction.words.filter((w) => !w.startsWith("--"));
    result.sources = paths.slice(0, -1);
    const from = flagValue(instruction, "from");
    if (from) result.copyFrom = from;
  }
  return result;
}
