import { LESSONS } from "../../../content/lesson-slugs";
import type { Finding } from "../../checks/check-spec";
import { fromLineWith, pinnedExample } from "../base-image-suggestions";
import { findingFixAsInstruction } from "../quick-fix";
import { outcome } from "../rule-helpers";
import { located, STATIC, type StaticRule } from "../static-rule";

export const pinBaseImage: StaticRule = {
  spec: {
    ...STATIC,
    id: "security.pin-base-image-version",
    category: "security",
    title: "Base images are pinned to a version",
    measures:
      "Every FROM line naming an image (not scratch, not an earlier stage) must " +
      "carry a tag other than latest, or a digest.",
    points: 2,
    why:
      'Without a tag Docker uses "latest", which moves whenever the publisher ' +
      "pushes a new version. The same Dockerfile then builds a different image " +
      "next month: a new Python, a new OS release, new CVEs, and bugs you " +
      "cannot reproduce.",
    fix:
      "Name an exact version in every FROM, e.g. FROM python:3.11-slim, or pin " +
      "a digest (FROM python:3.11-slim@sha256:...) for fully reproducible builds.",
    lesson: LESSONS.baseImages,
    equivalent: "hadolint DL3006, DL3007",
  },
  quickFix: findingFixAsInstruction(
    (ctx) => pinBaseImage.run(ctx),
    (fix) => `Pin the base image: ${fix}`,
  ),
  run(ctx) {
    const fails: Finding[] = [];
    const warns: Finding[] = [];
    const pinned: string[] = [];
    for (const stage of ctx.stages) {
      if (stage.parent || stage.scratch) continue;
      if (stage.unresolved) {
        warns.push({
          message:
            `FROM ${stage.image} uses a build argument with no default, so the base ` +
            `image is only known at build time and cannot be checked here.`,
          ...located(stage.from),
          fix: "Give the ARG a pinned default before the first FROM, e.g. ARG BASE_IMAGE=python:3.11-slim.",
        });
        continue;
      }
      const ref = stage.ref;
      if (!ref || ref.digest) {
        pinned.push(stage.image);
        continue;
      }
      if (!ref.tag) {
        fails.push({
          message:
            `FROM ${stage.image} has no tag, so Docker silently uses ${stage.image}:latest, ` +
            `whatever that is on the day of the build.`,
          ...located(stage.from),
          fix: fromLineWith(stage, pinnedExample(ref)),
        });
      } else if (ref.tag === "latest") {
        fails.push({
          message:
            `FROM ${stage.image} uses the "latest" tag, which points to a different ` +
            `image every time the publisher releases one.`,
          ...located(stage.from),
          fix: fromLineWith(stage, pinnedExample(ref)),
        });
      } else pinned.push(stage.image);
    }
    return outcome(
      fails,
      warns,
      `Every base image names a version: ${pinned.join(", ") || "scratch / earlier stages only"}.`,
    );
  },
};
