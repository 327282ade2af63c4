import { LESSONS } from "../../../content/lesson-slugs";
import { pass, skipped, warn } from "../../checks/check-spec";
import { fromLineWith, rootStage } from "../base-image-suggestions";
import { findingFixAsInstruction } from "../quick-fix";
import { located, STATIC, type StaticRule } from "../static-rule";

// Images with a much smaller official variant; sizes are approximate uncompressed sizes on amd64.
const FULL_IMAGES: Record<string, { slim: (tag: string) => string; sizes: string }> = {
  python: {
    slim: (tag) => `python:${versionPart(tag, "3.11")}-slim`,
    sizes: "python:3.11 is about 1 GB (a full Debian with compilers and headers); python:3.11-slim is about 130 MB",
  },
  debian: {
    slim: (tag) => `debian:${versionPart(tag, "bookworm")}-slim`,
    sizes: "debian:bookworm is about 120 MB; debian:bookworm-slim is about 75 MB (no man pages, docs or locales)",
  },
  node: {
    slim: (tag) => `node:${versionPart(tag, "20")}-slim`,
    sizes: "node:20 is about 1.1 GB; node:20-slim is about 200 MB",
  },
  "buildpack-deps": {
    slim: () => "debian:bookworm-slim",
    sizes: "buildpack-deps is a build environment of roughly 800 MB; debian:bookworm-slim is about 75 MB",
  },
};

/** "3.11-bookworm" → "3.11"; "3.11.9" → "3.11.9"; "" → fallback. */
function versionPart(tag: string, fallback: string): string {
  const first = tag.split("-")[0] ?? "";
  return first === "" || first === "latest" ? fallback : first;
}

export const slimBaseImage: StaticRule = {
  spec: {
    ...STATIC,
    id: "size.slim-base-image",
    category: "size",
    title: "The final image starts from a slim base",
    measures:
      "The image the final stage is built FROM (following earlier stages): full " +
      "python, debian or node images warn when a -slim variant exists.",
    points: 1,
    why:
      "Full language images bundle compilers, headers and hundreds of Debian " +
      "packages your service never runs. They make every pull and deploy slower " +
      "and give scanners more CVEs to report. The slim variants run the same " +
      "interpreter with far less around it.",
    fix:
      "Use the -slim variant (FROM python:3.11-slim). If you need compilers to " +
      "build wheels, use them in a builder stage and copy only the result into " +
      "a slim final stage.",
    lesson: LESSONS.baseImages,
  },
  quickFix: findingFixAsInstruction(
    (ctx) => slimBaseImage.run(ctx),
    (fix) => `Use the slim variant: ${fix}`,
  ),
  run(ctx) {
    if (!ctx.finalStage) return skipped("The Dockerfile has no FROM line.");
    const root = rootStage(ctx.finalStage);
    const ref = root.ref;
    if (!ref)
      return pass(
        root.scratch
          ? "The final stage starts FROM scratch: nothing smaller exists."
          : `The final base image (${root.image}) could not be resolved; nothing to compare.`,
      );
    const known = FULL_IMAGES[ref.repository];
    const tag = ref.tag ?? "";
    if (!known || /slim|alpine|distroless/.test(tag))
      return pass(`The final image starts from ${root.image}, a slim base.`, root.from.text);
    return warn({
      message: `The final image starts from ${root.image}, a full image. ${known.sizes}.`,
      ...located(root.from),
      fix: fromLineWith(root, known.slim(tag)),
    });
  },
};
