import { fail, pass, warn, type CheckOutcome, type Finding } from "../checks/check-spec";
import type { ShellCommand } from "./shell-commands";
import type { DockerInstruction, StaticContext } from "./static-context";

/** Fails when anything failed (warnings ride along), warns when only warnings, passes otherwise. */
export function outcome(fails: Finding[], warns: Finding[], passMessage: string, passEvidence?: string): CheckOutcome {
  if (fails.length > 0) return fail(...fails, ...warns);
  if (warns.length > 0) return warn(...warns);
  return pass(passMessage, passEvidence);
}

export interface RunCommand {
  instruction: DockerInstruction;
  command: ShellCommand;
  /** The command's position among the RUN's commands. */
  index: number;
}

/** Every shell command of every RUN among `instructions`. */
export function runCommandsIn(instructions: readonly DockerInstruction[]): RunCommand[] {
  return instructions.filter((i) => i.keyword === "RUN").flatMap((instruction) => instruction.commands.map((command, index) => ({ instruction, command, index })));
}

/** Instructions of the stages that end up in the final image. */
export function shippedInstructions(ctx: StaticContext): DockerInstruction[] {
  return ctx.shippedStages.flatMap((s) => s.instructions);
}

/** All instructions inside build stages (not the global ARGs). */
export function stageInstructions(ctx: StaticContext): DockerInstruction[] {
  return ctx.stages.flatMap((s) => s.instructions);
}

/** The final image's instructions, including the stages it is built FROM. */
export function finalLineage(ctx: StaticContext): DockerInstruction[] {
  return ctx.finalStage ? ctx.lineage(ctx.finalStage) : [];
}

export function lastOf(instructions: readonly DockerInstruction[], keyword: string): DockerInstruction | undefined {
  return instructions.findLast((i) => i.keyword === keyword);
}

/** "a, b and c" */
export function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** Whether a RUN mounts a BuildKit cache or tmpfs at a path matching `target`. */
export function hasCacheMount(instruction: DockerInstruction, target: RegExp): boolean {
  return instruction.flags.some((f) => f.name === "mount" && f.value !== null && /(^|,)type=(cache|tmpfs)(,|$)/.test(f.value) && target.test(mountTarget(f.value)));
}

export function mountTarget(value: string): string {
  return /(?:^|,)(?:target|dst|destination)=([^,]+)/.exec(value)?.[1] ?? "";
}
