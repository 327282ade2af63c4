import type { ImageRef } from "../../dockerfile/image-ref";
import type { Stage } from "./static-context";

// Sensible pinned tags for images learners reach for, used in fixes.
const PINNED_EXAMPLES: Record<string, string> = {
  python: "python:3.11-slim",
  debian: "debian:bookworm-slim",
  ubuntu: "ubuntu:24.04",
  node: "node:20-slim",
  alpine: "alpine:3.20",
  "nvidia/cuda": "nvidia/cuda:12.4.1-runtime-ubuntu22.04",
  "pytorch/pytorch": "pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime",
};

/** A pinned FROM image to suggest for an unpinned one. */
export function pinnedExample(ref: ImageRef): string {
  const prefix = ref.registry ? `${ref.registry}/` : "";
  return PINNED_EXAMPLES[ref.repository]
    ? `${prefix}${PINNED_EXAMPLES[ref.repository]}`
    : `${prefix}${ref.repository}:<version>`;
}

/**
 * The runtime image to suggest for a devel one: the platform's own CUDA devel image has no runtime twin of the same
 * name (dockyard/cuda's runtime image also carries Python), the others follow nvidia/cuda's naming.
 */
const RUNTIME_FOR_DEVEL: Record<string, string> = {
  "dockyard/cuda:11.8-devel-bookworm": "dockyard/cuda:11.8-runtime-python3.11-bookworm",
};
export function runtimeImageFor(develImage: string): string {
  return RUNTIME_FOR_DEVEL[develImage] ?? develImage.replace(/devel/i, "runtime");
}

/** The stage at the root of `stage`'s FROM chain: the one that names a real image. */
export function rootStage(stage: Stage): Stage {
  return stage.parent ? rootStage(stage.parent) : stage;
}

/** The stage's FROM line with another image: its flags (--platform) and its AS name kept. */
export function fromLineWith(stage: Stage, image: string): string {
  const flags = stage.from.flags.map((f) => ` --${f.written}${f.value === null ? "" : `=${f.value}`}`).join("");
  const alias = / AS (\S+)/i.exec(stage.from.args)?.[1];
  return `FROM${flags} ${image}${alias ? ` AS ${alias}` : ""}`;
}
