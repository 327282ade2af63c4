import { randomBytes } from "node:crypto";
import type Docker from "dockerode";
import { DockerfileParser } from "dockerfile-ast";
import { fail, pass, skipped, toCheckResult, type CheckOutcome, type Finding } from "../../lib/grading/checks/check-spec";
import type { ExerciseChecks } from "../../lib/exercises/exercise-schema";
import type { CheckResult } from "../../lib/grading/result-schema";
import type { BuildOutcome } from "../docker/build-image";
import { removeImage } from "../docker/remove-image";
import { CACHE_CHECKS, codeChangeReusesDependencies, installStepFound, manifestChangeRebuildsInstall } from "./cache-check-specs";
import { compareStepImages, shortId } from "./compare-step-images";
import { explainCodeChangeMiss, explainManifestIgnored, firstCopyOf } from "./explain-cache-miss";
import { finalStageSteps, type DockerfileStep } from "./final-stage-steps";
import { readStepImages } from "./read-step-images";
import { withProbeComment } from "./with-probe-comment";

export { CACHE_CHECKS };

type ContextFile = { path: string; content: string };

export interface CacheCheckInput {
  docker: Docker;
  dockerfile: string;
  /** The full build context of the first build. */
  files: ContextFile[];
  params: NonNullable<ExerciseChecks["cache"]>;
  /** The first build's image; it must still exist, its parents are the cache the rebuilds hit. */
  firstImageId: string;
  /** Builds a file set under the tag with the submission's limits and labels. */
  rebuild: (files: ContextFile[], tag: string) => Promise<BuildOutcome>;
  log: (text: string) => void;
}

/** A rebuild's per-step image ids. */
interface Probe {
  steps: string[];
}

/**
 * The cache phase: rebuilds the submission twice, once with the app file
 * edited and once with the dependency manifest edited, and compares the image
 * id of every final-stage step with the first build's. Ids, not the build log,
 * are the proof: an identical id means the engine reused the step.
 */
export async function runCacheChecks(input: CacheCheckInput): Promise<CheckResult[]> {
  const { params, log } = input;
  const stage = finalStageSteps(input.dockerfile);
  const install = stage.steps.findIndex((s) => s.keyword === "RUN" && s.fullText.includes(params.installMarker));
  if (install < 0) {
    const reason = `there is no dependency install step (a RUN containing "${params.installMarker}") in the final stage to compare.`;
    return [
      toCheckResult(installStepFound, fail(missingInstallFinding(input.dockerfile, stage.fromLine, params.installMarker))),
      toCheckResult(codeChangeReusesDependencies, skipped(`Not measured: ${reason}`)),
      toCheckResult(manifestChangeRebuildsInstall, skipped(`Not measured: ${reason}`)),
    ];
  }
  const installStep = stage.steps[install]!;
  const results: CheckResult[] = [
    toCheckResult(installStepFound, pass(`Step ${installStep.step} installs the dependencies: \`${installStep.text}\` (Dockerfile:${installStep.line}).`)),
  ];

  const token = randomBytes(4).toString("hex");
  const tags: string[] = [];
  try {
    const first = await readStepImages(input.docker, input.firstImageId, stage);
    if (first[install] === undefined) {
      const reason = "Not measured: the engine kept no per-step images for the first build, so there is nothing to compare.";
      log(`cache: ${reason}\n`);
      results.push(toCheckResult(codeChangeReusesDependencies, skipped(reason)), toCheckResult(manifestChangeRebuildsInstall, skipped(reason)));
      return results;
    }
    const rebuildWith = async (path: string, kind: string): Promise<Probe | string> => {
      const file = input.files.find((f) => f.path === path);
      if (!file) return `Not measured: ${path} is not in the build context.`;
      const tag = `dockyard-cache-probe-${token}-${kind}`;
      tags.push(tag);
      log(`cache: rebuilding with a comment line added to ${path}\n`);
      const files = input.files.map((f) => (f === file ? { path: f.path, content: withProbeComment(f.path, f.content, token) } : f));
      const outcome = await input.rebuild(files, tag);
      if (outcome.kind !== "built") return `Not measured: the rebuild with ${path} edited failed: ${outcome.message}`;
      return { steps: await readStepImages(input.docker, outcome.imageId, stage) };
    };

    const code = await rebuildWith(params.mutate, "code");
    results.push(toCheckResult(codeChangeReusesDependencies, codeChangeOutcome(stage.steps, install, first, code, params)));
    log(`cache: ${results.at(-1)!.status} ${codeChangeReusesDependencies.id}\n`);

    const manifest = params.manifest
      ? manifestOutcome(stage.steps, install, first, await rebuildWith(params.manifest, "manifest"), params.manifest)
      : skipped("Not measured: this exercise names no dependency file to change.");
    results.push(toCheckResult(manifestChangeRebuildsInstall, manifest));
    log(`cache: ${results.at(-1)!.status} ${manifestChangeRebuildsInstall.id}\n`);
    return results;
  } finally {
    for (const tag of tags) await removeRebuild(input.docker, tag, input.firstImageId);
  }
}

function missingInstallFinding(dockerfile: string, fromLine: number, marker: string): Finding {
  const earlier = DockerfileParser.parse(dockerfile)
    .getInstructions()
    .find((i) => i.getKeyword() === "RUN" && i.getRange().start.line + 1 < fromLine && i.getTextContent().includes(marker));
  if (earlier) {
    const line = earlier.getRange().start.line + 1;
    return {
      message: `The only RUN containing "${marker}" is in an earlier build stage (Dockerfile:${line}); the cache checks compare the final stage, where the image you ship is built.`,
      location: `Dockerfile:${line}`,
      fix: "Run the install in the final stage, right after copying only the dependency file: `COPY requirements.txt .` then `RUN pip install --no-cache-dir -r requirements.txt`.",
    };
  }
  return {
    message: `No RUN instruction in the final stage contains "${marker}", so there is no dependency install step for Docker to cache.`,
    location: fromLine ? `Dockerfile:${fromLine}` : undefined,
  };
}

function codeChangeOutcome(
  steps: DockerfileStep[],
  install: number,
  first: string[],
  probe: Probe | string,
  params: NonNullable<ExerciseChecks["cache"]>,
): CheckOutcome {
  if (typeof probe === "string") return skipped(probe);
  const { firstMiss, evidence } = compareStepImages(steps, first, probe.steps, install);
  const installStep = steps[install]!;
  if (firstMiss === undefined || firstMiss > install) {
    const copy = firstMiss === undefined ? undefined : steps[firstMiss]!;
    const rebuilt = copy ? ` The first step rebuilt was step ${copy.step}, \`${copy.text}\` (Dockerfile:${copy.line}), after the install.` : "";
    return pass(
      `After editing ${params.mutate}, steps ${steps[0]!.step}–${installStep.step} produced the same image ids as before, up to and including \`${installStep.text}\`: Docker reused the dependency install.${rebuilt}`,
      evidence,
    );
  }
  const finding = explainCodeChangeMiss({ steps, firstMiss, install, mutate: params.mutate, manifest: params.manifest });
  const copy = firstCopyOf(steps, params.mutate);
  const early = copy !== undefined && firstMiss < copy ? `\nNote: step ${steps[firstMiss]!.step} comes before the copy of ${params.mutate} and was still rebuilt.` : "";
  return fail({ ...finding, evidence: evidence + early });
}

function manifestOutcome(steps: DockerfileStep[], install: number, first: string[], probe: Probe | string, manifest: string): CheckOutcome {
  if (typeof probe === "string") return skipped(probe);
  const installStep = steps[install]!;
  const { evidence } = compareStepImages(steps, first, probe.steps, install);
  if (probe.steps[install] !== first[install]) {
    return pass(
      `After editing ${manifest}, step ${installStep.step} \`${installStep.text}\` produced a new image (${shortId(first[install])} → ${shortId(probe.steps[install])}): the install depends on ${manifest}, so changed dependencies get installed.`,
      evidence,
    );
  }
  return fail({ ...explainManifestIgnored(steps, install, manifest, shortId(first[install])), evidence });
}

/** Removes a probe build's tag; untags only if the rebuild produced the first image itself. */
async function removeRebuild(docker: Docker, tag: string, firstImageId: string): Promise<void> {
  try {
    const info = await docker.getImage(tag).inspect();
    if (info.Id === firstImageId) {
      // Deleting a tag that shares the image with another tag only untags it; never delete the first build.
      if ((info.RepoTags ?? []).length > 1) await docker.getImage(tag).remove({ noprune: true });
      return;
    }
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return;
    throw err;
  }
  await removeImage(docker, tag);
}
