import { type CheckOutcome, fail, pass, skipped } from "../grading/lib";
import { type ExitFacts, exitCodeHint } from "./exit-code-hint";
import { jobCompletes } from "./job-check-specs";
import { seconds, startErrorOutcome } from "./startup-outcomes";
import type { ContainerExit } from "./watch-startup";

/**
 * How a job's run ended: it exited, or it was still running at its deadline; `grace` when the deadline passed while
 * the grading machine was busy and the job was given more time.
 */
export type JobEnd = ({ exited: ContainerExit } | { hung: { afterMs: number } }) & { grace?: JobGrace };
export interface JobGrace {
  /** What was measured, for the check's message. */
  detail: string;
  extraMs: number;
}

/** What was found at the path the job must write, listed in the stopped container. */
export type WrittenPath =
  | { kind: "missing" }
  | { kind: "file"; path: string; size: number }
  | { kind: "dir"; files: { path: string; size: number }[] };

export const NOT_COMPLETED_REASON = `Not measured: the job did not complete as expected (see "${jobCompletes.title}").`;

/** correctness.job-completes: the expected exit code within the deadline. */
export function jobCompletesOutcome(
  end: JobEnd,
  opts: {
    expected: number;
    tail: string[];
    memoryBytes: number;
    deadlineSeconds: number;
    disk?: ExitFacts["disk"] | false;
  },
): CheckOutcome {
  const lastLines = opts.tail.slice(-20).join("\n");
  const evidence = lastLines ? `last output:\n${lastLines}` : "no output";
  const busy = end.grace
    ? ` The deadline passed while the grading machine was busy (${end.grace.detail}), so the job was given ` +
      `${seconds(end.grace.extraMs)} more.`
    : "";
  if ("hung" in end) {
    return fail({
      message:
        `The job was still running after ${opts.deadlineSeconds} s, the exercise's deadline, and was stopped.${busy} ` +
        "It may be waiting for input, for a network it cannot reach, or serving instead of finishing.",
      evidence,
      fix:
        "Make the default command run the job and exit when it is done; a program that waits for input or " +
        "serves requests never finishes.",
    });
  }
  const exit = end.exited;
  if (exit.startError) {
    const hint = exitCodeHint({ exitCode: exit.exitCode, oomKilled: false, tail: opts.tail, memoryBytes: 0 });
    return startErrorOutcome("the job's", exit, hint);
  }
  if (exit.exitCode === opts.expected && !exit.oomKilled) {
    return pass(`The job ran for ${seconds(exit.ranMs)} and exited with code ${exit.exitCode}.${busy}`, evidence);
  }
  const hint =
    exit.exitCode === 0
      ? { meaning: "it finished with 0", fix: `The exercise expects the job to exit with ${opts.expected}.` }
      : exitCodeHint({ ...exit, tail: opts.tail, memoryBytes: opts.memoryBytes, disk: opts.disk || undefined });
  return fail({
    message:
      `The job exited with code ${exit.exitCode} after ${seconds(exit.ranMs)}, not ${opts.expected}: ` +
      `${hint.meaning}.` +
      (lastLines ? " Its last output is in the evidence." : " It printed nothing."),
    evidence,
    fix: hint.fix,
  });
}

/** correctness.job-output: the expected text somewhere in what the job printed. */
export function jobOutputOutcome(output: { text: string; truncated: boolean }, expected: string): CheckOutcome {
  if (output.text.includes(expected)) {
    const line = output.text.split("\n").find((l) => l.includes(expected)) ?? expected;
    return pass(`The job printed "${expected}".`, line.trim());
  }
  const tail = output.text.trimEnd().split("\n").slice(-10).join("\n");
  return fail({
    message:
      `The job's output does not contain "${expected}"` +
      (output.text.trim() ? "." : ": it printed nothing.") +
      (output.truncated ? " (Only the start of a very long output was kept.)" : ""),
    evidence: tail ? `last output:\n${tail}` : "no output",
    fix:
      `Make the default command run the exercise's program, which prints "${expected}"; ` +
      "check CMD/ENTRYPOINT names that program and not the base image's default.",
  });
}

/** correctness.job-writes-output: a file at the path, or at least one file under it. */
export function jobWritesOutcome(found: WrittenPath, path: string): CheckOutcome {
  if (found.kind === "file") return pass(`The job wrote ${path} (${found.size} bytes).`, path);
  if (found.kind === "dir" && found.files.length > 0) {
    const listed = found.files.slice(0, 5).map((f) => `${f.path} (${f.size} bytes)`);
    return pass(
      `The job wrote ${found.files.length} file(s) under ${path}.`,
      listed.join("\n") + (found.files.length > 5 ? "\n…" : ""),
    );
  }
  return fail({
    message:
      found.kind === "dir"
        ? `The job exited, but ${path} is empty: it wrote nothing there.`
        : `The job exited, but ${path} does not exist in the container: it wrote nothing there.`,
    evidence: found.kind === "dir" ? `${path}: empty directory` : `${path}: no such file or directory`,
    fix:
      `Write the job's output to ${path} (check the path the program uses, e.g. an environment variable ` +
      "it reads), and make sure the image's USER may write there.",
  });
}

export const notCompleted = () => skipped(NOT_COMPLETED_REASON);
