import type Docker from "dockerode";
import type { ExerciseSpec } from "../../lib/exercises/exercise-schema";
import type { CheckResult } from "../../lib/grading/result-schema";
import type { SubmittedFile } from "../../lib/submissions/validate-files";
import { applyDockerignore } from "../docker/apply-dockerignore";
import { createBuildContext } from "../docker/build-context";
import { buildImage, type BuildOutcome } from "../docker/build-image";
import { BASE_IMAGES } from "../images/seed-base-images";
import { BUILD_LIMITS } from "../limits";
import { imageBuilds } from "./core-checks";
import { findBaseImages } from "./find-base-images";
import { locateStep } from "./locate-step";

export interface BuildRequest {
  docker: Docker;
  submissionId: string;
  spec: ExerciseSpec;
  networkMode: string;
  log: (text: string) => void;
}

/** A build bound to one submission's limits and labels; the cache phase rebuilds through it. */
export function submissionBuilder(req: BuildRequest) {
  const seen = new Set<string>();
  let cached = false;
  // The failing command's own words are at the end of the output; keep them for the learner.
  let tail = "";
  const build = (files: SubmittedFile[], tag: string): Promise<BuildOutcome> =>
    buildImage(req.docker, {
      submissionId: req.submissionId,
      tag,
      context: createBuildContext(applyDockerignore(files)),
      memoryBytes: Math.min(BUILD_LIMITS.memoryBytes, req.spec.limits.buildMemoryMB * 1024 * 1024),
      cpus: BUILD_LIMITS.cpus,
      pids: BUILD_LIMITS.pids,
      diskBytes: Math.min(BUILD_LIMITS.diskBytes, req.spec.limits.buildDiskMB * 1024 * 1024),
      wallSeconds: Math.min(BUILD_LIMITS.wallSeconds, req.spec.limits.buildSeconds),
      networkMode: req.networkMode,
      onOutput: (text) => {
        // Step images of a failed build have no tag or label; remember the ones this build made
        // (not those reused from the cache, which another build may still stand on) for cleanup.
        for (const line of text.split("\n")) {
          if (line.includes("---> Using cache")) cached = true;
          const id = /---> ([0-9a-f]{12})\b/.exec(line)?.[1];
          if (id) {
            if (!cached) seen.add(id);
            cached = false;
          }
        }
        tail = (tail + text).slice(-8192);
        req.log(text);
      },
    });
  return { build, stepImages: () => [...seen], outputTail: () => tail };
}

export type FirstBuild = { imageId: string; check: CheckResult } | { imageId?: undefined; check: CheckResult };

/** The first build of the submission, with the learner-facing verdict. */
export async function runFirstBuild(
  req: BuildRequest,
  builder: ReturnType<typeof submissionBuilder>,
  files: SubmittedFile[],
  dockerfile: string,
  tag: string,
): Promise<FirstBuild> {
  const missing = await firstMissingBaseImage(req.docker, dockerfile);
  if (missing) {
    req.log(`${missing.image}: not available on this grader (no image downloads during grading)\n`);
    return {
      check: imageBuilds({
        message: `the base image ${missing.image} is not available on this grader, and builds here cannot download images.`,
        location: `Dockerfile:${missing.line}`,
        instruction: `FROM ${missing.image}`,
        fix: `Start from one of the images the grader provides: ${BASE_IMAGES.join(", ")}.`,
      }),
    };
  }
  const outcome = await builder.build(files, tag);
  if (outcome.kind === "built") return { imageId: outcome.imageId, check: imageBuilds() };
  const where = outcome.step ? locateStep(dockerfile, outcome.step) : undefined;
  const output = lastLines(builder.outputTail(), 12);
  return {
    check: imageBuilds({
      message: outcome.message,
      location: where ? `Dockerfile:${where.line}` : undefined,
      instruction: where?.instruction,
      evidence: output || outcome.message,
      fix: fixFor(outcome, output),
    }),
  };
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split("\n").slice(-count).join("\n");
}

function fixFor(outcome: Extract<BuildOutcome, { kind: "failed" }>, output: string): string {
  switch (outcome.limit) {
    case "time":
      return "Make the slow step faster or remove it; builds here must finish within the time limit.";
    case "pids":
      return "A step must not start processes without bound (a fork bomb, or a script spawning a process per item). Run work sequentially or with a small fixed pool.";
    case "disk":
      return "Do not write huge files during the build. Download or generate large data at run time, or into a volume, not into an image layer.";
    default:
      if (/Temporary failure in name resolution|Network is unreachable|Could not resolve|Name or service not known|No route to host/i.test(`${outcome.message}\n${output}`)) {
        return "Builds here cannot reach the internet: only the course's package mirror answers pip. Install Python packages with pip from requirements.txt, and use only the provided base images.";
      }
      return "Read the last lines of the build log above: they show the failing command's own error. Builds here reach only the course's package mirror, no other internet.";
  }
}

/** Checked up front because the engine would otherwise try to pull a missing base from a registry. */
async function firstMissingBaseImage(docker: Docker, dockerfile: string) {
  for (const ref of findBaseImages(dockerfile)) {
    try {
      await docker.getImage(ref.image).inspect();
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return ref;
      throw err;
    }
  }
  return undefined;
}
