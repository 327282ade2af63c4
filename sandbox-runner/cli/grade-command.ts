import { randomUUID } from "node:crypto";
import path from "node:path";
import type Docker from "dockerode";
import { z } from "zod";
import type { BuildScope } from "../docker/build-scope";
import { engineClient } from "../docker/engine";
import type { ResultDocument, SubmittedFile } from "../grading/lib";
import {
  type Exercise,
  gradingSettings,
  loadExercise,
  PlatformFault,
  RequestError,
  readFileTree,
} from "../grading/lib";
import { ensurePackageMirror } from "../images/package-mirror";
import { ensureBaseImages } from "../images/seed-base-images";
import { BUILD_LIMITS } from "../limits";
import { gradeSubmission } from "../pipeline/grade-submission";
import { formatReport } from "./format-report";
import { TerminalSink } from "./terminal-sink";

export const USAGE = "usage: npm run grade -- <exercise> <directory> [--json] [--verbose]";

const argsSchema = z.object({
  exercise: z.string().min(1),
  dir: z.string().min(1),
  json: z.boolean(),
  verbose: z.boolean(),
});
export type GradeArgs = z.infer<typeof argsSchema>;

export function parseGradeArgs(argv: string[]): GradeArgs {
  const flags = new Set(argv.filter((a) => a.startsWith("--")));
  const unknown = [...flags].filter((f) => f !== "--json" && f !== "--verbose");
  if (unknown.length) throw new RequestError("BAD_REQUEST", `unknown option ${unknown.join(", ")}\n${USAGE}`);
  const [exercise, dir, ...rest] = argv.filter((a) => !a.startsWith("--"));
  if (!exercise || !dir || rest.length) throw new RequestError("BAD_REQUEST", USAGE);
  return argsSchema.parse({ exercise, dir, json: flags.has("--json"), verbose: flags.has("--verbose") });
}

/**
 * Grades a directory exactly as a submission is graded, without the web app or
 * database: the instructor's way to try a solution or a variant. Only the
 * exercise's editable files are taken from the directory.
 */
export async function gradeDirectory(
  args: GradeArgs,
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<ResultDocument> {
  const exercise = await loadExercise(args.exercise);
  const all = await readFileTree(path.resolve(args.dir));
  const editable = new Set(exercise.spec.editable);
  const files = all.filter((f) => editable.has(f.path));
  const ignored = all.filter((f) => !editable.has(f.path)).map((f) => f.path);
  if (ignored.length) err(`[grade] ignoring files the exercise does not let learners edit: ${ignored.join(", ")}\n`);
  if (files.length === 0) {
    const graded = exercise.spec.editable.join(", ");
    throw new RequestError("BAD_REQUEST", `${args.dir} has none of the files this exercise grades (${graded}).`);
  }
  const result = await gradeFiles(exercise, files, { verbose: args.verbose, err });
  out(args.json ? `${JSON.stringify(result, null, 2)}\n` : formatReport(result));
  return result;
}

/** One grading run outside the queue: for the command line and exercise verification. */
export async function gradeFiles(
  exercise: Exercise,
  files: SubmittedFile[],
  opts: {
    verbose?: boolean;
    err?: (text: string) => void;
    docker?: Docker;
    /** No learner is grading: the command line's runs share their cache mounts, the content check's its own. */
    scope?: BuildScope;
    /** The seeded images this run needs in place; all of them when absent (ensureBaseImages). */
    images?: readonly string[];
  } = {},
): Promise<ResultDocument> {
  const err = opts.err ?? ((text: string) => process.stderr.write(text));
  const docker = opts.docker ?? engineClient();
  await docker.ping().catch((cause: unknown) => {
    const message = "No Docker engine answers. Start one with: bash scripts/ensure-docker.sh";
    throw new PlatformFault("docker", message, { cause });
  });
  await ensureBaseImages({ log: (line) => err(`${line}\n`), only: opts.images });
  const network = await ensurePackageMirror(docker);
  return gradeSubmission({
    submissionId: `cli-${randomUUID()}`,
    exercise,
    files,
    docker,
    sink: new TerminalSink(err, opts.verbose ?? false, BUILD_LIMITS.outputBytes),
    network,
    gpus: gradingSettings().RUNNER_GPUS,
    scope: opts.scope ?? { tool: "grade-command" },
  });
}
