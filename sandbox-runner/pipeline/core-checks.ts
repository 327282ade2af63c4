import type { CheckResult } from "../grading/lib";
import { type CheckSpec, DOCKERFILE_PARSES, fail, LESSONS, pass, toCheckResult } from "../grading/lib";

/** Checks the pipeline itself decides: the image builds, the GPU probe (the Dockerfile parses: lib/grading/checks). */
export const IMAGE_BUILDS: CheckSpec = {
  id: "correctness.image-builds",
  category: "correctness",
  title: "The image builds",
  method: "image",
  measures: "docker build with the classic builder, inside the build limits, produces an image.",
  points: 2,
  why: "Every other check needs an image; a build that fails here would fail in CI and on a colleague's laptop too.",
  fix: "Read the last lines of the build log: they show the failing command's own error.",
  lesson: LESSONS.serviceDockerfile,
};

export const GPU_PROBE: CheckSpec = {
  id: "gpu.device-probe",
  category: "gpu",
  title: "The container sees a GPU",
  method: "run",
  measures: "On a GPU runner: start the image with an NVIDIA device request and run the exercise's GPU probe.",
  points: 2,
  why: "A CUDA image that cannot see the GPU silently falls back to the CPU, or crashes at the first CUDA call.",
  fix:
    "Start from a CUDA runtime image the node's driver can start and run (gpu.cuda-driver-compatible says " +
    "which), and keep the NVIDIA_* variables the base image sets.",
  lesson: LESSONS.gpu,
  params: ["gpu.probe"],
};

export const CORE_CHECKS = [DOCKERFILE_PARSES, IMAGE_BUILDS, GPU_PROBE];

export interface BuildFailure {
  message: string;
  location?: string;
  instruction?: string;
  fix?: string;
  evidence?: string;
}

export function imageBuilds(failure?: BuildFailure): CheckResult {
  if (!failure) return toCheckResult(IMAGE_BUILDS, pass("docker build finished and produced an image."));
  const where = failure.instruction ? ` while running \`${failure.instruction}\`` : "";
  return toCheckResult(
    IMAGE_BUILDS,
    fail({
      message: `The build failed${where}: ${failure.message}`,
      location: failure.location,
      evidence: failure.evidence ?? failure.message,
      fix: failure.fix,
    }),
  );
}
