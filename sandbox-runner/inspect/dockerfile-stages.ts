import { DockerfileParser, From, ModifiableInstruction } from "dockerfile-ast";

export interface StageInstruction {
  keyword: string;
  /** 1-based line in the Dockerfile. */
  line: number;
  /** COPY --from=<stage>: the files come from another stage or image, not from the build context. */
  copyFrom?: string;
  /** The instruction's text after the keyword, e.g. the USER value. */
  args: string;
}

export interface Stage {
  name?: string;
  /** What the FROM names: an image, or an earlier stage. */
  from: string;
  fromLine: number;
  instructions: StageInstruction[];
}

/** The Dockerfile's stages in order; instructions before the first FROM (global ARGs) belong to none. */
export function parseStages(dockerfile: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of DockerfileParser.parse(dockerfile).getInstructions()) {
    const keyword = instruction.getKeyword().toUpperCase();
    const line = instruction.getRange().start.line + 1;
    if (instruction instanceof From) {
      stages.push({ from: instruction.getImage() ?? "", name: instruction.getBuildStage() ?? undefined, fromLine: line, instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) continue;
    const from =
      instruction instanceof ModifiableInstruction ? instruction.getFlags().find((f) => f.getName().toLowerCase() === "from")?.getValue() : undefined;
    stage.instructions.push({ keyword, line, copyFrom: from ?? undefined, args: instruction.getArgumentsContent() ?? "" });
  }
  return stages;
}

/**
 * The stages whose instructions built the final image, root first: the final
 * stage, and the stage it starts FROM when that is an earlier stage, and so on.
 */
export function finalStageChain(stages: Stage[]): Stage[] {
  const chain: Stage[] = [];
  let current = stages.at(-1);
  while (current && !chain.includes(current)) {
    chain.unshift(current);
    const parentName = current.from.toLowerCase();
    const index = stages.indexOf(current);
    current = stages.slice(0, index).findLast((s) => s.name?.toLowerCase() === parentName);
  }
  return chain;
}
