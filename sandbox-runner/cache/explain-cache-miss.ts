import type { Finding } from "../grading/lib";
import { copyCoversPath } from "./copy-covers-path";
import type { DockerfileStep } from "./final-stage-steps";

/** The first final-stage COPY/ADD from the build context that brings `path`, if any. */
export function firstCopyOf(steps: DockerfileStep[], path: string, before = steps.length): number | undefined {
  const index = steps
    .slice(0, before)
    .findIndex((s) => s.sources !== undefined && !s.copyFrom && s.sources.some((src) => copyCoversPath(src, path)));
  return index < 0 ? undefined : index;
}

/**
 * Why editing the app file made the install step rerun, in the learner's
 * terms: which step first missed the cache and what it has to do with the file.
 */
export function explainCodeChangeMiss(input: {
  steps: DockerfileStep[];
  firstMiss: number;
  install: number;
  mutate: string;
  manifest?: string;
}): Finding {
  const { steps, firstMiss, install, mutate } = input;
  const missed = steps[firstMiss]!;
  const installStep = steps[install]!;
  const installRef = `\`${installStep.text}\` at Dockerfile:${installStep.line}`;
  const head =
    `Editing ${mutate} (one added comment line) made Docker rerun the ` +
    `dependency install, step ${installStep.label} (Dockerfile:${installStep.line}). ` +
    `The first step that was not reused is step ${missed.label}, \`${missed.text}\` ` +
    `(Dockerfile:${missed.line})`;
  const cause = missCause(missed, mutate);
  const why =
    cause === "copies-file"
      ? `: it brings ${mutate} into the image, so its layer changes with every ` +
        `code edit, and every later step, including ${installRef}, must run again.`
      : cause === "copies-from-stage"
        ? `: it copies files from \`${missed.copyFrom}\`, which was rebuilt because ` +
          `it contains ${mutate}; every later step, including ${installRef}, must run again.`
        : `, although it comes before anything that copies ${mutate}. Docker could ` +
          `not reuse it, so every later step, including ${installRef}, had to run again.`;
  const manifest = input.manifest ?? "requirements.txt";
  return {
    message: head + why,
    location: `Dockerfile:${missed.line}`,
    fix:
      `Copy only ${manifest} before the install and the rest of your code after ` +
      `it: \`COPY ${manifest} .\`, then \`${installStep.text}\`, then \`COPY . ` +
      `.\`. A code edit then rebuilds only the steps after the install.`,
  };
}

/** How a step that ran again relates to the edited file: it copies it, copies a stage built from it, or neither. */
function missCause(step: DockerfileStep, edited: string): "copies-file" | "copies-from-stage" | "unrelated" {
  if (step.sources && !step.copyFrom && step.sources.some((src) => copyCoversPath(src, edited))) return "copies-file";
  return step.copyFrom ? "copies-from-stage" : "unrelated";
}

/** One or two sentences for the cache diagram: why the first step that ran again after editing `edited` did. */
export function explainFirstMiss(step: DockerfileStep, edited: string): string {
  switch (missCause(step, edited)) {
    case "copies-file":
      return (
        `It copies ${edited}, the file that was edited, so its input changed: BuildKit ran it again, ` +
        `and every step after it too, since each layer builds on the one before.`
      );
    case "copies-from-stage":
      return (
        `It copies from \`${step.copyFrom}\`, which was rebuilt after the edit to ${edited}, ` +
        `so it ran again, and every step after it too.`
      );
    case "unrelated":
      return (
        `It does not copy ${edited}, yet BuildKit did not reuse it from the first build, ` +
        `so it and every step after it ran again.`
      );
  }
}

/** Why changing the manifest did not rerun the install step. */
export function explainManifestIgnored(steps: DockerfileStep[], install: number, manifest: string): Finding {
  const installStep = steps[install]!;
  const copied = firstCopyOf(steps, manifest, install);
  const head =
    `Changing ${manifest} (one added comment line) did not rerun \`${installStep.text}\` ` +
    `(Dockerfile:${installStep.line}): BuildKit reported the step CACHED.`;
  const why =
    copied === undefined
      ? ` No COPY before it brings ${manifest} into the image, so the step cannot ` +
        `depend on it: it installs whatever its command names, and edits to ${manifest} ` +
        `are ignored until something else forces a rebuild.`
      : ` ${manifest} is copied at step ${steps[copied]!.label} (Dockerfile:${steps[copied]!.line}), ` +
        `yet the install step was reused: check that .dockerignore does not exclude ${manifest} ` +
        `and that the install reads the copied file.`;
  return {
    message: head + why,
    location: `Dockerfile:${installStep.line}`,
    fix:
      `Copy ${manifest} into the image right before the install and install ` +
      `from it, e.g. \`COPY ${manifest} .\` then \`RUN pip install --no-cache-dir -r ${manifest.split("/").pop()}\`.`,
  };
}
