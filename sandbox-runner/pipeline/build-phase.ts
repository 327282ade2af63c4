import type Docker from "dockerode";
import {
  type BuildOptions,
  type BuildOutcome,
  buildUntil,
  type ProbeOutcome,
  type StopWhen,
} from "../docker/build-image";
import { type BuildNetwork, BuildNetworkFault, INDEX_UNREACHED } from "../docker/build-network";
import type { BuildScope } from "../docker/build-scope";
import type { BuildStepRecord } from "../docker/buildkit-progress";
import { ignoreNotFound } from "../docker/docker-error";
import type { CheckResult, DockerfileModel, ExerciseSpec, SubmittedFile } from "../grading/lib";
import { BASE_IMAGES } from "../images/base-images";
import { buildStepReachesMirror } from "../images/package-mirror";
import { BUILD_LIMITS } from "../limits";
import { imageBuilds } from "./core-checks";
import { explainBuildError } from "./explain-build-error";
import { findBaseImages } from "./find-base-images";
import { firstGraderImageRead } from "./grader-images";
import { locateBuildStep } from "./locate-step";

export interface BuildRequest {
  docker: Docker;
  submissionId: string;
  spec: ExerciseSpec;
  network: BuildNetwork;
  /** Whose cache mounts the builds share: the learner's (re-grades included), or the tool's that grades. */
  scope: BuildScope;
  log: (text: string) => void;
}

/** A build bound to one submission's limits and labels; the cache phase rebuilds through it. */
export function submissionBuilder(req: BuildRequest) {
  // The failing command's own words are at the end of the output; keep them for the learner.
  let tail = "";
  const options = (files: SubmittedFile[], tag: string): BuildOptions => ({
    submissionId: req.submissionId,
    tag,
    files,
    target: req.spec.build.target,
    secrets: req.spec.build.secrets,
    memoryBytes: Math.min(BUILD_LIMITS.memoryBytes, req.spec.limits.buildMemoryMB * 1024 * 1024),
    cpus: BUILD_LIMITS.cpus,
    pids: BUILD_LIMITS.pids,
    diskBytes: Math.min(BUILD_LIMITS.diskBytes, req.spec.limits.buildDiskMB * 1024 * 1024),
    wallSeconds: Math.min(BUILD_LIMITS.wallSeconds, req.spec.limits.buildSeconds),
    network: req.network,
    scope: req.scope,
    onOutput: (text) => {
      tail = (tail + text).slice(-8192);
      req.log(text);
    },
  });
  const build = async (files: SubmittedFile[], tag: string) =>
    (await buildUntil(options(files, tag), () => false)) as BuildOutcome;
  /** A rebuild the cache phase may cancel once it has seen what it needed (build-image.ts, StopWhen). */
  const probe = (files: SubmittedFile[], tag: string, stopWhen: StopWhen): Promise<ProbeOutcome> =>
    buildUntil(options(files, tag), stopWhen);
  return { build, probe, outputTail: () => tail };
}

export type FirstBuild =
  | { imageId: string; check: CheckResult; steps: BuildStepRecord[] }
  | { imageId?: undefined; check: CheckResult };

/** The first build of the submission, with the learner-facing verdict. */
export async function runFirstBuild(
  req: BuildRequest,
  builder: ReturnType<typeof submissionBuilder>,
  files: SubmittedFile[],
  dockerfile: DockerfileModel,
  tag: string,
): Promise<FirstBuild> {
  // The grader's own images are answered exactly like missing ones: whether one exists is not the learner's to learn.
  const missing =
    firstGraderImageRead(dockerfile) ??
    (await firstMissingBaseImage(req.docker, dockerfile).then(
      (ref) => ref && { ...ref, how: "FROM", instruction: `FROM ${ref.image}` },
    ));
  if (missing) {
    req.log(`${missing.image}: not available on this grader (no image downloads during grading)\n`);
    return {
      check: imageBuilds({
        message:
          `the ${missing.how === "FROM" ? "base image" : "image"} ${missing.image} is not available on this ` +
          `grader, and builds here cannot download images.`,
        location: `Dockerfile:${missing.line}`,
        instruction: missing.instruction,
        fix:
          missing.how === "FROM"
            ? `Start from one of the images the grader provides: ${BASE_IMAGES.join(", ")}.`
            : `Name an earlier stage in ${missing.how} (FROM <image> AS deps, then from=deps), or one of the ` +
              `images the grader provides: ${BASE_IMAGES.join(", ")}.`,
      }),
    };
  }
  const outcome = await builder.build(files, tag);
  if (outcome.kind === "built") return { imageId: outcome.imageId, check: imageBuilds(), steps: outcome.steps };
  await unlessMirrorWasAway(req, `${outcome.message}\n${lastLines(builder.outputTail(), 40)}`);
  const step = outcome.failedStep ? locateBuildStep(dockerfile, outcome.failedStep) : undefined;
  const line = outcome.errorLine ?? step?.line;
  const instruction =
    step && step.line === line ? step.instruction : line ? dockerfile.source.split("\n")[line - 1]?.trim() : undefined;
  const stepOutput = outcome.failedStep ? stepLines(builder.outputTail(), outcome.failedStep.number, 12) : "";
  const output = stepOutput || lastLines(builder.outputTail(), 12);
  const explained = explainBuildError(outcome.message);
  return {
    check: imageBuilds({
      message: explained.message,
      location: line ? `Dockerfile:${line}` : undefined,
      instruction,
      evidence: output || outcome.message,
      fix: explained.fix ?? fixFor(outcome, output),
    }),
  };
}

/**
 * A step that failed on a connection (pip's retries, curl) while the mirror does not answer a build step either is
 * the platform's failure: thrown as BuildNetworkFault, so the job waits for the mirror and grades again. With the
 * mirror answering, the connection was to somewhere a build here cannot reach, which is the learner's to fix.
 */
async function unlessMirrorWasAway(req: BuildRequest, output: string): Promise<void> {
  if (req.network.mode !== "mirror" || !INDEX_UNREACHED.test(output)) return;
  const problem = await buildStepReachesMirror(req.docker, req.network);
  if (problem !== undefined) throw new BuildNetworkFault(problem);
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split("\n").slice(-count).join("\n");
}

/** The failing step's own block of the log (`#7 ...` lines): its command's output and error. */
function stepLines(text: string, number: number, count: number): string {
  const prefix = `#${number} `;
  const own = text.split("\n").filter((l) => l.startsWith(prefix) && !l.startsWith(`${prefix}[`));
  return own.slice(-count).join("\n");
}

/** What resolvers, pip and curl print when a build step tries to reach the internet from the sandbox. */
const OFFLINE_ERROR = new RegExp(
  [
    "Temporary failure in name resolution",
    "Network is unreachable",
    "Could not resolve",
    "Name or service not known",
    "No route to host",
    "Failed to establish a new connection",
  ].join("|"),
  "i",
);

function fixFor(outcome: Extract<BuildOutcome, { kind: "failed" }>, output: string): string {
  switch (outcome.limit) {
    case "time":
      return "Make the slow step faster or remove it; builds here must finish within the time limit.";
    case "pids":
      return (
        "A step must not start processes without bound (a fork bomb, or a script " +
        "spawning a process per item). Run work sequentially or with a small fixed pool."
      );
    case "disk":
      return (
        "Do not write huge files during the build. Download or generate large " +
        "data at run time, or into a volume, not into an image layer."
      );
    case "memory":
      return (
        "Lower the step's memory use: install fewer packages at once, build with " +
        "fewer parallel jobs (e.g. MAKEFLAGS=-j1), or move heavy work out of the " +
        "image build."
      );
    default:
      if (OFFLINE_ERROR.test(`${outcome.message}\n${output}`)) {
        return (
          "Builds here cannot reach the internet: only the course's package mirror " +
          "answers pip. Install Python packages with pip from requirements.txt, and " +
          "use only the provided base images."
        );
      }
      if (/dockerfile parse error|unknown instruction|unknown flag/i.test(outcome.message)) {
        return (
          "Fix the Dockerfile syntax at the line shown: BuildKit's Dockerfile " +
          "frontend (syntax 1.7) rejected it before building anything."
        );
      }
      return (
        "Read the failing step's output above: it ends with the command's own " +
        "error. Builds here reach only the course's package mirror, no other internet."
      );
  }
}

/** Checked up front because the engine would otherwise try to pull a missing base from a registry. */
async function firstMissingBaseImage(docker: Docker, dockerfile: DockerfileModel) {
  for (const ref of findBaseImages(dockerfile)) {
    if ((await ignoreNotFound(docker.getImage(ref.image).inspect())) === undefined) return ref;
  }
  return undefined;
}
