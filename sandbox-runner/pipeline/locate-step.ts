import { DockerfileParser } from "dockerfile-ast";

export interface StepLocation {
  line: number;
  instruction: string;
}

/**
 * Maps the classic builder's "Step N/M" to the Dockerfile line it came from:
 * the builder numbers every instruction in file order, ARG before FROM included.
 */
export function locateStep(dockerfile: string, step: number): StepLocation | undefined {
  const instruction = DockerfileParser.parse(dockerfile).getInstructions()[step - 1];
  if (!instruction) return undefined;
  const text = instruction.getTextContent().split("\n")[0]!.trim();
  return { line: instruction.getRange().start.line + 1, instruction: text.length > 120 ? `${text.slice(0, 117)}...` : text };
}
