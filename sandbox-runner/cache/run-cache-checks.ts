import { randomBytes } from "node:crypto";
import type Docker from "dockerode";
import type { ProbeOutcome, StopWhen } from "../docker/build-image";
import type { BuildStepRecord } from "../docker/buildkit-progress";
import { ignoreNotFound } from "../docker/docker-error";
import { removeImage } from "../docker/remove-image";
import type { CacheRebuild, CheckResult, DockerfileModel, ExerciseChecks } from "../grading/lib";
import { type CheckOutcome, type Finding, fail, PlatformFault, pass, skipped, toCheckResult } from "../grading/lib";
import {
  CACHE_CHECKS,
  codeChangeReusesDependencies,
  installStepFound,
  manifestChangeRebuildsInstall,
} from "./cache-check-specs";
import { compareStepRecords, recordOf } from "./compare-step-records";
import { describeRebuild } from "./describe-rebuild";
import { explainCodeChangeMiss, explainManifestIgnored, firstCopyOf } from "./explain-cache-miss";
import { type DockerfileStep, finalStageSteps } from "./final-stage-steps";
import { lostCacheStep } from "./lost-cache";
import { withProbeComment } from "./with-probe-comment";

export { CACHE_CHECKS };

type ContextFile = { path: string; content: string };

export interface CacheCheckInput {
  docker: Docker;
  dockerfile: DockerfileModel;
  /** The full build context of the first build. */
  files: ContextFile[];
  params: NonNullable<ExerciseChecks["cache"]>;
  /** The stage the exercise builds (`build.target`), else the last one. */
  target?: string;
  /** The first build's image: a rebuild that produced the very same image must not remove it. */
  firstImageId: string;
  /** Builds a file set under the tag with the submission's limits and labels, cancelled once stopWhen holds. */
  rebuild: (files: ContextFile[], tag: string, stopWhen: StopWhen) => Promise<ProbeOutcome>;
  log: (text: string) => void;
}

export interface CacheCheckReport {
  checks: CheckResult[];
  /** What each rebuild that completed did with every step, for the report's cache diagram. */
  rebuilds: CacheRebuild[];
}

/**
 * The cache phase: rebuilds the submission twice, once with the app file
 * edited and once with the dependency manifest edited, and reads BuildKit's
 * own record of every final-stage step of each rebuild: CACHED (reused from
 * the first build) or run again. The records, not the log text, are the proof.
 * The manifest rebuild asks one question, whether the install runs again, and
 * is cancelled as soon as BuildKit shows the install's own output: a step
 * reused from the cache prints nothing, so output is proof that it ran, and the
 * rest of that rebuild (the install itself, the later steps, the export) would
 * only make the verdict wait. An install that prints nothing is waited for.
 */
export async function runCacheChecks(input: CacheCheckInput): Promise<CacheCheckReport> {
  const { params, log } = input;
  const stage = finalStageSteps(input.dockerfile, input.target);
  const install = stage.steps.findIndex((s) => s.keyword === "RUN" && s.fullText.includes(params.installMarker));
  if (install < 0) {
    const reason =
      `there is no dependency install step (a RUN containing "${params.installMarker}") ` +
      `in the final stage to compare.`;
    const checks = [
      toCheckResult(
        installStepFound,
        fail(missingInstallFinding(input.dockerfile, stage.fromLine, params.installMarker)),
      ),
      toCheckResult(codeChangeReusesDependencies, skipped(`Not measured: ${reason}`)),
      toCheckResult(manifestChangeRebuildsInstall, skipped(`Not measured: ${reason}`)),
    ];
    return { checks, rebuilds: [] };
  }
  const installStep = stage.steps[install]!;
  const results: CheckResult[] = [
    toCheckResult(
      installStepFound,
      pass(
        `Step ${installStep.label} installs the dependencies: \`${installStep.text}\` ` +
          `(Dockerfile:${installStep.line}).`,
      ),
    ),
  ];

  const token = randomBytes(4).toString("hex");
  const tags: string[] = [];
  const rebuilds: CacheRebuild[] = [];
  try {
    const rebuildWith = async (
      path: string,
      kind: CacheRebuild["kind"],
      stopWhen: StopWhen = () => false,
      attempt = 1,
    ): Promise<BuildStepRecord[] | string> => {
      const file = input.files.find((f) => f.path === path);
      if (!file) return `Not measured: ${path} is not in the build context.`;
      // A second attempt edits the file afresh: it is then measured against the first attempt's build, now cached.
      const mark = attempt === 1 ? token : `${token}${attempt}`;
      const tag = `dockyard-cache-probe-${mark}-${kind}`;
      tags.push(tag);
      log(`cache: rebuilding with a comment line added to ${path}\n`);
      const files = input.files.map((f) =>
        f === file ? { path: f.path, content: withProbeComment(f.path, f.content, mark) } : f,
      );
      const outcome = await input.rebuild(files, tag, stopWhen);
      if (outcome.kind === "failed") return `Not measured: the rebuild with ${path} edited failed: ${outcome.message}`;
      const lost = lostCacheStep(stage, outcome.steps, path);
      if (lost) {
        const what = `step ${lost.label} \`${lost.text}\` (Dockerfile:${lost.line})`;
        if (attempt === 1) {
          log(`cache: BuildKit ran ${what} again, which the edit cannot reach: its cache was gone; measuring again\n`);
          return rebuildWith(path, kind, stopWhen, attempt + 1);
        }
        throw new PlatformFault(
          "docker",
          `The cache checks could not be measured: rebuilt twice with ${path} edited, BuildKit ran ${what} again ` +
            "both times, although nothing the edit changed reaches it. The engine kept no cache of the build before; " +
            "that is the grader's fault, never the Dockerfile's.",
        );
      }
      if (outcome.kind === "stopped") log(`cache: the install ran again; the rest of this rebuild was cancelled\n`);
      rebuilds.push(describeRebuild(stage.steps, outcome.steps, path, kind, outcome.kind === "stopped"));
      if (!recordOf(installStep, outcome.steps))
        return `Not measured: BuildKit reported no step ${installStep.label} for the install in the rebuild.`;
      return outcome.steps;
    };

    const code = await rebuildWith(params.mutate, "code");
    results.push(toCheckResult(codeChangeReusesDependencies, codeChangeOutcome(stage.steps, install, code, params)));
    log(`cache: ${results.at(-1)!.status}: ${codeChangeReusesDependencies.title}\n`);

    const manifest = params.manifest
      ? manifestOutcome(
          stage.steps,
          install,
          await rebuildWith(params.manifest, "manifest", (steps) => {
            const record = recordOf(installStep, steps);
            return record?.printed === true && !record.cached;
          }),
          params.manifest,
        )
      : skipped("Not measured: this exercise names no dependency file to change.");
    results.push(toCheckResult(manifestChangeRebuildsInstall, manifest));
    log(`cache: ${results.at(-1)!.status}: ${manifestChangeRebuildsInstall.title}\n`);
    return { checks: results, rebuilds };
  } finally {
    for (const tag of tags) await removeRebuild(input.docker, tag, input.firstImageId);
  }
}

function missingInstallFinding(dockerfile: DockerfileModel, fromLine: number, marker: string): Finding {
  const earlier = dockerfile.instructions.find(
    (i) => i.keyword === "RUN" && i.line < fromLine && i.source.includes(marker),
  );
  if (earlier) {
    const { line } = earlier;
    return {
      message:
        `The only RUN containing "${marker}" is in an earlier build stage (Dockerfile:${line}); ` +
        `the cache checks compare the final stage, where the image you ship is built.`,
      location: `Dockerfile:${line}`,
      fix:
        "Run the install in the final stage, right after copying only the " +
        "dependency file: `COPY requirements.txt .` then `RUN pip install " +
        "--no-cache-dir -r requirements.txt`.",
    };
  }
  return {
    message:
      `No RUN instruction in the final stage contains "${marker}", so there is ` +
      `no dependency install step for Docker to cache.`,
    location: fromLine ? `Dockerfile:${fromLine}` : undefined,
  };
}

function codeChangeOutcome(
  steps: DockerfileStep[],
  install: number,
  records: BuildStepRecord[] | string,
  params: NonNullable<ExerciseChecks["cache"]>,
): CheckOutcome {
  if (typeof records === "string") return skipped(records);
  const { firstMiss, evidence } = compareStepRecords(steps, records, install);
  const installStep = steps[install]!;
  if (firstMiss === undefined || firstMiss > install) {
    const copy = firstMiss === undefined ? undefined : steps[firstMiss]!;
    const rebuilt = copy
      ? ` The first step that ran again was ${copy.label} \`${copy.text}\` (Dockerfile:${copy.line}), ` +
        `after the install.`
      : "";
    return pass(
      `After editing ${params.mutate}, BuildKit reported every step up to and ` +
        `including the install ${installStep.label} \`${installStep.text}\` as ` +
        `CACHED: the dependency install was reused.${rebuilt}`,
      evidence,
    );
  }
  const finding = explainCodeChangeMiss({
    steps,
    firstMiss,
    install,
    mutate: params.mutate,
    manifest: params.manifest,
  });
  const copy = firstCopyOf(steps, params.mutate);
  const early =
    copy !== undefined && firstMiss < copy
      ? `\nNote: step ${steps[firstMiss]!.label} comes before the copy of ${params.mutate} and still ran again.`
      : "";
  return fail({ ...finding, evidence: evidence + early });
}

function manifestOutcome(
  steps: DockerfileStep[],
  install: number,
  records: BuildStepRecord[] | string,
  manifest: string,
): CheckOutcome {
  if (typeof records === "string") return skipped(records);
  const installStep = steps[install]!;
  const { verdicts, evidence } = compareStepRecords(steps, records, install);
  if (verdicts[install] === "ran") {
    return pass(
      `After editing ${manifest}, BuildKit ran the install ${installStep.label} \`${installStep.text}\` ` +
        `again instead of reusing it: the install depends on ${manifest}, so ` +
        `changed dependencies get installed.`,
      evidence,
    );
  }
  return fail({ ...explainManifestIgnored(steps, install, manifest), evidence });
}

/** Removes a probe build's tag; untags only if the rebuild produced the first image itself. */
async function removeRebuild(docker: Docker, tag: string, firstImageId: string): Promise<void> {
  const info = await ignoreNotFound(docker.getImage(tag).inspect());
  if (!info) return;
  if (info.Id === firstImageId) {
    // Deleting a tag that shares the image with another tag only untags it; never delete the first build.
    if ((info.RepoTags ?? []).length > 1) await ignoreNotFound(docker.getImage(tag).remove({ noprune: true }));
    return;
  }
  await removeImage(docker, tag);
}
