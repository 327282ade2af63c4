import { lineageBefore, type RunMount } from "../../dockerfile/model";
import { programArgv, programName, type ShellCommand } from "../../dockerfile/shell-commands";
import { type CheckOutcome, type Finding, fail, pass, warn } from "../checks/check-spec";
import { normalizePath } from "./context-path";
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
  return instructions
    .filter((i) => i.keyword === "RUN")
    .flatMap((instruction) => instruction.commands.map((command, index) => ({ instruction, command, index })));
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

/** Whether an rm in the RUN deletes a path that `removed` accepts. */
export function rmIn(run: DockerInstruction, removed: (word: string) => boolean): boolean {
  return run.commands.some((c) => {
    const argv = programArgv(c.argv);
    return programName(argv[0]) === "rm" && argv.some(removed);
  });
}

export function lastOf(instructions: readonly DockerInstruction[], keyword: string): DockerInstruction | undefined {
  return instructions.findLast((i) => i.keyword === keyword);
}

/** "a, b and c" */
export function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/**
 * A RUN --mount with its target made absolute the way BuildKit does: variables
 * expanded, relative to the WORKDIR (so no target at all means the WORKDIR),
 * except that a secret without a target appears at /run/secrets/<id>.
 */
export interface ResolvedMount {
  mount: RunMount;
  target: string;
}

export function resolvedMounts(ctx: StaticContext, instruction: DockerInstruction): ResolvedMount[] {
  return instruction.mounts.map((mount) => {
    const fallback = mount.type === "secret" && mount.id ? `/run/secrets/${mount.id}` : "";
    const target = ctx.expand(mount.target ?? fallback, instruction);
    const absolute = target.startsWith("/") ? target : `${ctx.workdir(instruction)}/${target}`;
    return { mount, target: `/${normalizePath(absolute)}` };
  });
}

/**
 * The cache or tmpfs mount of this RUN that `path` lies in (the mount point
 * itself or anything below it): what is written there is never saved in the image.
 */
export function scratchMountOver(ctx: StaticContext, run: DockerInstruction, path: string): ResolvedMount | undefined {
  const wanted = `/${normalizePath(path)}`;
  const covers = (target: string) => wanted === target || target === "/" || wanted.startsWith(`${target}/`);
  return resolvedMounts(ctx, run).find(
    ({ mount, target }) => (mount.type === "cache" || mount.type === "tmpfs") && covers(target),
  );
}

/** The user a RUN runs as: the last USER before it (through FROM <stage>), expanded; "root" when none. */
export function userAt(ctx: StaticContext, at: DockerInstruction): string {
  const user = lastOf(lineageBefore(ctx, at), "USER");
  return user ? (ctx.expand(user.args, user).split(":")[0] ?? "root") : "root";
}
