import { LESSONS } from "../../../content/lesson-slugs";
import { lineageBefore } from "../../../dockerfile/model";
import { programArgv, programName } from "../../../dockerfile/shell-commands";
import type { Finding } from "../../checks/check-spec";
import { rootStage } from "../base-image-suggestions";
import { findingAt, insertLineBefore, instructionAt, type QuickFix } from "../quick-fix";
import { lastOf, outcome, stageInstructions } from "../rule-helpers";
import type { DockerInstruction, StaticContext } from "../static-context";
import { at, STATIC, type StaticRule } from "../static-rule";

const SHELL = /^(ba|z|k|a|da)?sh$/;
const BASH_PIPEFAIL = 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]';
// Base images without bash: the SHELL line would break every later RUN there.
const NO_BASH = /alpine|busybox|distroless|scratch/;

export const pipefail: StaticRule = {
  spec: {
    ...STATIC,
    id: "correctness.pipefail",
    category: "correctness",
    title: "Piped RUN commands fail when any part fails",
    measures:
      'Shell-form RUN lines containing a pipe (|) need SHELL ["/bin/bash", ' +
      '"-o", "pipefail", "-c"] earlier in the stage, or set -o pipefail in the same RUN.',
    points: 1,
    why:
      "A pipeline's exit status is that of its last command. In RUN curl -fsSL " +
      "$URL | tee model.onnx | sha256sum, a failed download leaves an empty file " +
      "and sha256sum still exits 0, so the build goes on and you get a broken image " +
      'that built "successfully". pipefail makes the RUN fail if any command in ' +
      "the pipe fails, not only when the last one happens to notice.",
    fix:
      'Add SHELL ["/bin/bash", "-o", "pipefail", "-c"] before the RUN (Debian ' +
      "and Ubuntu images have bash; /bin/sh there is dash, which has no pipefail " +
      "before Debian 13 and Ubuntu 25.04).",
    lesson: LESSONS.packages,
    equivalent: "hadolint DL4006",
  },
  quickFix: addBashPipefail,
  run(ctx) {
    const fails: Finding[] = [];
    let pipes = 0;
    for (const i of stageInstructions(ctx)) {
      if (i.keyword !== "RUN") continue;
      const pipeAt = i.commands.findIndex((c) => c.next === "|");
      if (pipeAt < 0) continue;
      pipes++;
      if (shellHasPipefail(ctx, i) || setsPipefailBefore(i, pipeAt)) continue;
      const left = i.commands[pipeAt]!;
      const right = i.commands[pipeAt + 1];
      const from = programName(programArgv(left.argv)[0]) || "a command";
      const into = programName(programArgv(right?.argv ?? [])[0]) || "another command";
      fails.push({
        message:
          `This RUN pipes ${from} into ${into} ` +
          `without pipefail, so a failure on the left of the | goes unnoticed.`,
        location: at(left.line),
        evidence: i.text,
        fix: `${BASH_PIPEFAIL}\n${i.text}`,
      });
    }
    return outcome(fails, [], pipes === 0 ? "No RUN uses a pipe." : "Every piped RUN runs with pipefail.");
  },
};

/** The SHELL in effect for a RUN (inherited through FROM <stage>) sets pipefail, or is not a POSIX shell at all. */
function shellHasPipefail(ctx: StaticContext, run: DockerInstruction): boolean {
  const shell = lastOf(lineageBefore(ctx, run), "SHELL");
  if (!shell?.exec) return false;
  if (!SHELL.test(programName(shell.exec[0]))) return true;
  return shell.exec.join(" ").includes("pipefail");
}

/** set -o pipefail earlier in the RUN, or a shell reading a heredoc started so (RUN <<EOF bash -o pipefail). */
function setsPipefailBefore(run: DockerInstruction, pipeAt: number): boolean {
  return run.commands.slice(0, pipeAt).some((c) => {
    const program = programName(programArgv(c.argv)[0]);
    const setsOptions = program === "set" || (run.heredocs.length > 0 && SHELL.test(program));
    return setsOptions && c.argv.join(" ").includes("pipefail");
  });
}

/** The SHELL line before the piped RUN, on images known to have bash. */
function addBashPipefail(dockerfile: string, line: number, ctx: StaticContext): QuickFix | undefined {
  const run = instructionAt(ctx, line);
  const stage = run && ctx.stages[run.stage];
  if (!run || !stage || !findingAt(pipefail.run(ctx), line)) return undefined;
  const root = rootStage(stage);
  if (root.scratch || !root.ref || NO_BASH.test(`${root.ref.repository}:${root.ref.tag ?? ""}`)) return undefined;
  return insertLineBefore(
    dockerfile,
    run.line,
    "Run the pipe with bash -o pipefail (a SHELL line before it)",
    BASH_PIPEFAIL,
  );
}
