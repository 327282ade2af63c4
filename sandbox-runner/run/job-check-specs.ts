import type { CheckSpec, ExerciseChecks } from "../grading/lib";
import { LESSONS } from "../grading/lib";

/** A job exercise's run checks: the image's default command is a batch program, not a server. */
export const jobCompletes: CheckSpec = {
  id: "correctness.job-completes",
  category: "correctness",
  title: "The job runs to completion",
  method: "run",
  measures:
    "Starts the image's default command with no network and the run limits, waits for it to exit within the " +
    "exercise's deadline, and compares its exit code with the one the exercise expects (run.exitCode, 0 by default).",
  points: 2,
  why:
    "A batch image is only useful if `docker run image` does the work: a start command that names a " +
    "missing file, crashes or hangs produces nothing, and a scheduler retries it forever or reports success " +
    "for work never done.",
  fix:
    "Read the last output lines: they show why the program stopped. Run the image locally with `docker run` " +
    "and make the exec-form CMD/ENTRYPOINT start the program that exists in the image.",
  lesson: LESSONS.serviceDockerfile,
  params: ["run.exitCode", "run.deadlineSeconds"],
};

export const jobPrints: CheckSpec = {
  id: "correctness.job-output",
  category: "correctness",
  title: "The job prints its result",
  method: "run",
  measures: "Searches what the job printed (stdout and stderr) for the text the exercise expects.",
  points: 1,
  why:
    "A job that exits 0 without printing its result may have run the wrong program (a base image's " +
    "default, another script) or skipped its work.",
  fix: "Make the default command run the exercise's program, which prints its result, not another command.",
  lesson: LESSONS.serviceDockerfile,
  params: ["run.outputIncludes"],
};

export const jobWrites: CheckSpec = {
  id: "correctness.job-writes-output",
  category: "correctness",
  title: "The job writes its output",
  method: "run",
  measures:
    "After the job exits, lists the path the exercise names in the stopped container (volumes included) " +
    "and looks for a file there.",
  points: 1,
  why:
    "A training or batch job exists for what it saves: if the checkpoint or output file is not where the " +
    "rest of the system looks for it, the work is lost when the container goes.",
  fix:
    "Write the output where the exercise expects it, and make that directory exist and writable by the " +
    "image's USER (e.g. `RUN mkdir /checkpoints && chown app /checkpoints`).",
  lesson: LESSONS.nonRoot,
  params: ["run.writes"],
};

export const JOB_CHECKS: CheckSpec[] = [jobCompletes, jobPrints, jobWrites];

/** The checks a job exercise grades: output and write checks only when the exercise names what to look for. */
export function jobChecksFor(params: NonNullable<ExerciseChecks["run"]>): CheckSpec[] {
  return JOB_CHECKS.filter(
    (spec) =>
      (spec !== jobPrints || params.outputIncludes !== undefined) &&
      (spec !== jobWrites || params.writes !== undefined),
  );
}
