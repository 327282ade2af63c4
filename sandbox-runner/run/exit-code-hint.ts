import { formatMiB } from "../grading/lib";

export interface ExitFacts {
  exitCode: number;
  oomKilled: boolean;
  /** The last lines the container printed. */
  tail: string[];
  memoryBytes: number;
  /** Set when the run phase's disk watchdog killed the container. */
  disk?: { wroteBytes: number; limitBytes: number };
}

export type ExitHint = { meaning: string; fix: string };

/**
 * What an exit code usually means for a Python service container, in words a
 * learner can act on; the log lines refine the guess where they can.
 */
export function exitCodeHint(facts: ExitFacts): ExitHint {
  if (facts.disk) {
    return {
      meaning:
        `it was stopped for writing ${formatMiB(facts.disk.wroteBytes)} to its ` +
        `file system, over the run limit of ${formatMiB(facts.disk.limitBytes)}`,
      fix:
        "Do not write large files into the container's own file system: stream " +
        "data instead of saving it, and in production put big files on a mounted volume.",
    };
  }
  const log = facts.tail.join("\n");
  if (/read-only file system/i.test(log)) {
    return {
      meaning: "the app tried to write to the read-only root file system",
      fix: "Write temporary files under /tmp (it stays writable) instead of next to the code.",
    };
  }
  if (facts.oomKilled || facts.exitCode === 137) {
    return facts.oomKilled
      ? {
          meaning: `it was killed for using more than the ${formatMiB(facts.memoryBytes)} memory limit`,
          fix: "Load less into memory at start-up (a smaller model, or load it lazily), or lower batch sizes.",
        }
      : {
          meaning: "it was killed with SIGKILL (exit 137), most often for running out of memory",
          fix: "Check memory use at start-up; the container may use at most the run's memory limit.",
        };
  }
  switch (facts.exitCode) {
    case 0:
      return {
        meaning: "the command finished instead of staying up",
        fix:
          "CMD must start the server and keep it in the foreground (e.g. `CMD " +
          '["python", "app.py"]` where app.py serves forever), not run a script that returns.',
      };
    case 1:
      return {
        meaning: /Traceback/.test(log)
          ? "Python stopped with an uncaught exception (see the traceback)"
          : "the program reported an error and exited",
        fix:
          "Read the traceback in the last log lines: its last line names the error, " +
          "the lines above it where it happened. Run the image locally with `docker " +
          "run` to reproduce it.",
      };
    case 2:
      return /can't open file/.test(log)
        ? {
            meaning: "python could not find the script named in CMD",
            fix: "Check the path in CMD against WORKDIR and where COPY put your code.",
          }
        : {
            meaning: "the command was called with arguments it does not accept",
            fix: "Check the arguments in CMD/ENTRYPOINT.",
          };
    case 126:
      return {
        meaning: "the command in CMD/ENTRYPOINT exists but cannot be executed",
        fix:
          "Make the script executable (`RUN chmod +x ...` or `COPY --chmod=755`) or " +
          'run it through its interpreter, e.g. `CMD ["python", "app.py"]`.',
      };
    case 127:
      return {
        meaning: "the command in CMD/ENTRYPOINT was not found in the image",
        fix:
          "Check the program name in CMD and that it is installed and on PATH in " +
          "the final stage (multi-stage builds must copy it over).",
      };
    case 139:
      return {
        meaning: "it crashed with a segmentation fault",
        fix: "A native library crashed; check that its version matches the base image.",
      };
    default:
      return {
        meaning: `it exited with code ${facts.exitCode}`,
        fix: "Read the last log lines: they show why the process exited.",
      };
  }
}
