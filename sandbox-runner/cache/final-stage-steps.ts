import { DockerfileParser, type Flag, type Instruction } from "dockerfile-ast";

/** One instruction of the final stage, numbered the way the classic builder numbers it. */
export interface DockerfileStep {
  /** The builder's "Step N": every instruction in file order, ARGs before the first FROM included. */
  step: number;
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

export interface FinalStage {
  /** The image the final stage starts from, or undefined when it names an earlier stage or uses an ARG. */
  baseImage?: string;
  fromLine: number;
  /** Instructions after the final FROM, in order: the i-th one created the i-th image above the base. */
  steps: DockerfileStep[];
}

/**
 * The final stage is what ends up in the image the learner ships, so the
 * cache phase compares only its steps; earlier stages never reach the chain
 * of parent images the phase walks.
 */
export function finalStageSteps(dockerfile: string): FinalStage {
  const parsed = DockerfileParser.parse(dockerfile);
  const instructions = parsed.getInstructions();
  const stageNames = new Set<string>();
  let fromIndex = -1;
  let baseImage: string | undefined;
  instructions.forEach((instruction, index) => {
    if (instruction.getKeyword() !== "FROM") return;
    const args = instruction.getArguments().map((a) => a.getValue());
    const image = args.find((a) => !a.startsWith("--"));
    fromIndex = index;
    baseImage = image && !image.includes("$") && !stageNames.has(image.toLowerCase()) ? withDefaultTag(image) : undefined;
    const asIndex = args.findIndex((a) => a.toUpperCase() === "AS");
    if (asIndex >= 0 && args[asIndex + 1]) stageNames.add(args[asIndex + 1]!.toLowerCase());
  });
  const steps = instructions.slice(fromIndex + 1).map((instruction, offset) => toStep(instruction, fromIndex + offset + 2));
  const fromLine = fromIndex >= 0 ? instructions[fromIndex]!.getRange().start.line + 1 : 0;
  return { baseImage: baseImage === "scratch:latest" ? "scratch" : baseImage, fromLine, steps };
}

function toStep(instruction: Instruction, step: number): DockerfileStep {
  const keyword = instruction.getKeyword();
  const oneLine = instruction
    .getTextContent()
    .replace(/\\\r?\n/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const result: DockerfileStep = {
    step,
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
