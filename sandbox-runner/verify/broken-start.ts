import { posix } from "node:path";
import { startTargets } from "../inspect/checks/start-command";
import type { VariantVerdict } from "./compare-variant";
import type { Exercise, ResultDocument, SubmittedFile } from "./lib";
import { parseDockerfile } from "./lib";

/** The checks that catch a start command pointing at nothing: in the image, or by running it. */
export const START_CHECKS = [
  "correctness.start-command-exists",
  "correctness.container-starts",
  "correctness.job-completes",
] as const;

/** The exercise's solution with its start command pointed at a file or module that does not exist. */
export interface BrokenStart {
  /** The exercise as graded: a Dockerfile learners may not edit is changed in its fixed files. */
  exercise: Exercise;
  files: SubmittedFile[];
  /** "CMD app/main.py → app/missing_main.py (Dockerfile:5)" */
  change: string;
}

/**
 * Generated for every exercise, so none can forget it: the solution whose final CMD/ENTRYPOINT names a
 * script, module or program that is not in the image. Grading must fail it; an exercise whose grading passes it
 * would pass a learner's typo in CMD. Throws when the solution has no start command to break.
 */
export function brokenStart(exercise: Exercise, solution: SubmittedFile[]): BrokenStart {
  const inSolution = solution.some((f) => f.path === "Dockerfile");
  const dockerfile = (inSolution ? solution : exercise.fixed).find((f) => f.path === "Dockerfile");
  if (!dockerfile) throw new Error(`${exercise.slug}: neither the solution nor the fixed files have a Dockerfile`);
  const model = parseDockerfile(dockerfile.content);
  const shipped = model.shippedStages.flatMap((s) => s.instructions);
  const entrypoint = shipped.findLast((i) => i.keyword === "ENTRYPOINT");
  const cmdLine = shipped.findLast((i) => i.keyword === "CMD");
  // ENTRYPOINT resets a CMD set before it, as the builder does.
  const cmd = cmdLine && (!entrypoint || cmdLine.line > entrypoint.line) ? cmdLine : undefined;
  const targets = startTargets({ entrypoint: argv(entrypoint?.args), cmd: argv(cmd?.args) });
  if (!targets) throw new Error(`${exercise.slug}: the solution's Dockerfile has no CMD or ENTRYPOINT to break`);

  const [target, broken] = targets.script
    ? [targets.script, posix.join(posix.dirname(targets.script.word), `missing_${posix.basename(targets.script.word)}`)]
    : targets.module
      ? [targets.module, targets.module.word.replace(/([^.]+)$/, "missing_$1")]
      : [
          targets.shellProgram ?? targets.program,
          `missing_${posix.basename((targets.shellProgram ?? targets.program).word)}`,
        ];
  const instruction = target.from === "cmd" ? cmd : entrypoint;
  if (!instruction) throw new Error(`${exercise.slug}: the start command is inherited from the base image`);
  const lines = dockerfile.content.split("\n");
  const at = lines.findIndex((l, i) => i >= instruction.line - 1 && l.includes(target.word));
  if (at < 0) throw new Error(`${exercise.slug}: cannot find ${target.word} in the ${instruction.keyword} line`);
  lines[at] = lines[at]!.replace(target.word, broken);
  const changed = { path: "Dockerfile", content: lines.join("\n") };
  const swap = (files: SubmittedFile[]) => files.map((f) => (f.path === "Dockerfile" ? changed : f));
  return {
    exercise: inSolution ? exercise : { ...exercise, fixed: swap(exercise.fixed) },
    files: inSolution ? swap(solution) : solution,
    change: `${instruction.keyword} ${target.word} → ${broken} (Dockerfile:${at + 1})`,
  };
}

/** The broken start must fail, and at least one start check must be what fails it. */
export function judgeBrokenStart(result: ResultDocument): VariantVerdict {
  const failed = result.checks.filter((c) => c.status === "fail").map((c) => c.id);
  const caught = failed.filter((id) => (START_CHECKS as readonly string[]).includes(id));
  const problems: string[] = [];
  if (result.status !== "failed") problems.push(`the broken start's status is ${result.status}, not failed`);
  if (caught.length === 0)
    problems.push(`no start check failed it (${START_CHECKS.join(", ")}): a typo in CMD would pass this exercise`);
  return { ok: problems.length === 0, failed, problems };
}

/** An exec-form array's words; a shell form becomes the /bin/sh -c the builder stores. */
function argv(args: string | undefined): string[] | null {
  if (args === undefined) return null;
  const text = args.trim();
  if (text.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed) && parsed.every((w) => typeof w === "string")) return parsed;
    } catch {
      // Not JSON: Docker runs it in a shell, as below.
    }
  }
  return ["/bin/sh", "-c", text];
}
