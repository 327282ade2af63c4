/**
 * Lessons the check catalogue points learners to. Every check names one; the
 * content validation lists any slug the course does not have yet.
 */
export const LESSONS = {
  containers: "containers-vs-vms",
  layers: "images-containers-layers",
  serviceDockerfile: "dockerfile-for-ml-service",
  baseImages: "choosing-base-images",
  caching: "layer-caching",
  context: "build-context-dockerignore",
  multiStage: "multi-stage-builds",
  packages: "installing-packages-cleanly",
  nonRoot: "running-as-non-root",
  secrets: "keeping-secrets-out",
  health: "health-checks",
  signals: "signals-and-shutdown",
  gpu: "gpu-containers-cuda",
  gpuHost: "gpu-host-setup",
  compose: "compose-for-ml-development",
} as const;
