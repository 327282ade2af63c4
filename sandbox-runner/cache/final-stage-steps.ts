import { DockerfileParser, type Flag, type Instruction } from "dockerfile-ast";

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

export interface StageSteps {
  name?: string;
  /** The image the stage starts from, or undefined when it names an earlier stage or uses an ARG. */
  baseImage?: string;
  fromLine: number;
  /** Whether BuildKit counts the FROM as the stage's step 1 (it does for an image, not for a stage or scratch). */
  fromIsStep?: boolean;
  /** The stage's BuildKit steps after its FROM, in order. */
  steps: DockerfileStep[];
}

export type FinalStage = StageSteps;

/** Every stage of the Dockerfile with its BuildKit steps, in file order. */
export function dockerfileStages(dockerfile: string): StageSteps[] {
  const instructions = DockerfileParser.parse(dockerfile).getInstructions();
  const groups: { from: Instruction; body: Instruction[] }[] = [];
  for (const instruction of instructions) {
    if (instruction.getKeyword().toUpperCase() === "FROM") groups.push({ from: instruction, body: [] });
    else groups.at(-1)?.body.push(instruction);
  }
  const stageNames = new Set<string>();
  return groups.map(({ from, body }, stageIndex) => {
    const args = from.getArguments().map((a) => a.getValue());
    const image = args.find((a) => !a.startsWith("--"));
    const asIndex = args.findIndex((a) => a.toUpperCase() === "AS");
    const name = asIndex >= 0 ? args[asIndex + 1] : undefined;
    const fromStage = image !== undefined && stageNames.has(image.toLowerCase());
    const baseImage = image && !image.includes("$") && !fromStage ? withDefaultTag(image) : undefined;
    if (name) stageNames.add(name.toLowerCase());
    const key = groups.length === 1 ? "" : (name?.toLowerCase() ?? `stage-${stageIndex}`);
    const stepInstructions = body.filter((i) => STEP_KEYWORDS.has(i.getKeyword().toUpperCase()));
    const fromIsStep = !fromStage && image?.toLowerCase() !== "scratch";
    const first = fromIsStep ? 2 : 1;
    const total = stepInstructions.length + first - 1;
    return {
      name,
      baseImage: baseImage === "scratch:latest" ? "scratch" : baseImage,
      fromLine: from.getRange().start.line + 1,
      fromIsStep,
      steps: stepInstructions.map((instruction, i) => toStep(instruction, key, i + first, total)),
    };
  });
}

/**
 * The stage whose image the learner ships: the build target when the exercise
 * names one, else the last stage. The cache phase compares only its steps.
 */
export function finalStageSteps(dockerfile: string, target?: string): FinalStage {
  const stages = dockerfileStages(dockerfile);
  const chosen = target ? stages.find((s) => s.name?.toLowerCase() === target.toLowerCase()) : stages.at(-1);
  return chosen ?? { fromLine: 0, steps: [] };
}

function toStep(instruction: Instruction, stage: string, index: number, total: number): DockerfileStep {
  const keyword = instruction.getKeyword().toUpperCase();
  const oneLine = instruction
    .getTextContent()
    .replace(/\\\r?\n/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const result: DockerfileStep = {
    stage,
    index,
    total,
    label: stage ? `[${stage} ${index}/${total}]` : `[${index}/${total}]`,
    line: instruction.getRange().start.line + 1,
    keyword,
    text: oneLine.length > 120 ? `${oneLine.slice(0, 117)}...` : oneLine,
    fullText: oneLine,
  };
  if (keyword === "COPY" || keyword === "ADD") {
    const { sources, from } = copyArguments(instruction);
    result.sources = sources;
    if (from) result.copyFrom = from;
  }
  return result;
}

function copyArguments(instruction: Instruction): { sources: string[]; from?: string } {
  const words = instruction.getArguments().map((a) => a.getValue());
  // COPY and ADD parse their --flags apart from the arguments.
  const flags = "getFlags" in instruction ? (instruction as Instruction & { getFlags(): Flag[] }).getFlags() : [];
  const from = flags.find((f) => f.getName().toLowerCase() === "from")?.getValue() ?? undefined;
  const raw = (instruction.getRawArgumentsContent() ?? "").replace(/^(\s*--\S+\s+)*/, "").trim();
  let paths: string[] = words.filter((w) => !w.startsWith("--"));
  if (raw.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (Array.isArray(parsed) && parsed.every((p) => typeof p === "string")) paths = parsed;
    } catch {
      // Not valid JSON: the builder treats it as shell form too.
    }
  }
  return { sources: paths.slice(0, -1), from };
}

function withDefaultTag(image: string): string {
  if (image.includes("@") || image === "scratch") return image;
  const lastSegment = image.slice(image.lastIndexOf("/") + 1);
  return lastSegment.includes(":") ? image : `${image}:latest`;
}
