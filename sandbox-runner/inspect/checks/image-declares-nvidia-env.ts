import { fail, LESSONS, pass, skipped } from "../../grading/lib";
import type { ImageCheck } from "../image-check";

/** What nvidia/cuda images (and dockyard/cuda ones) declare, and a GPU image on plain Debian must declare itself. */
const DECLARED = ["NVIDIA_VISIBLE_DEVICES", "NVIDIA_DRIVER_CAPABILITIES"] as const;

/**
 * The variables are judged where they are: a value set in the Dockerfile by gpu.nvidia-env-intact (with its line),
 * their absence here, on the built image, because no Dockerfile line shows what a base image does not set.
 */
export const imageDeclaresNvidiaEnv: ImageCheck = {
  spec: {
    id: "gpu.image-declares-nvidia-env",
    category: "gpu",
    title: "The image says it wants a GPU",
    method: "image",
    measures:
      "For GPU exercises: the built image's config declares NVIDIA_VISIBLE_DEVICES and NVIDIA_DRIVER_CAPABILITIES " +
      "(set by an ENV line or inherited from a CUDA base image).",
    points: 1,
    why:
      "Where no --gpus, device reservation or CDI device asks for GPUs (the NVIDIA runtime as a host's or a " +
      "Kubernetes node's default, Compose runtime: nvidia), the toolkit hands a container the GPUs its " +
      "NVIDIA_VISIBLE_DEVICES names: none when the image does not set it. CUDA base images set both variables; a " +
      "final stage on plain Debian or python:*-slim has neither, so the same image gets a GPU on some hosts and " +
      "not on others. Left unset, NVIDIA_DRIVER_CAPABILITIES means compute and utility to current toolkits, but " +
      "older ones mounted only utility (nvidia-smi, no libcuda).",
    fix:
      "In the final stage: ENV NVIDIA_VISIBLE_DEVICES=all NVIDIA_DRIVER_CAPABILITIES=compute,utility (what " +
      "nvidia/cuda images set), or build it FROM a CUDA runtime image, which sets them.",
    lesson: LESSONS.gpu,
    params: ["gpu"],
  },
  run({ facts, checks }) {
    if (!checks.gpu) return skipped("This exercise does not run on a GPU, so the NVIDIA variables are not graded.");
    const env = facts.config.env;
    const missing = DECLARED.filter((name) => !(name in env));
    const evidence = DECLARED.map((name) => (name in env ? `${name}=${env[name]}` : `${name} is not set`)).join("\n");
    if (missing.length === 0)
      return pass(
        "The image declares NVIDIA_VISIBLE_DEVICES and NVIDIA_DRIVER_CAPABILITIES, so the NVIDIA runtime hands it " +
          "a GPU even where no --gpus asks for one (gpu.nvidia-env-intact judges the values an ENV line sets).",
        evidence,
      );
    return fail({
      message:
        `The image does not declare ${missing.join(" or ")}: ` +
        (missing.includes("NVIDIA_VISIBLE_DEVICES")
          ? "on hosts whose NVIDIA runtime hands out GPUs by the image's variables (no --gpus: a default nvidia " +
            "runtime, Compose runtime: nvidia) the container gets no GPU at all. --gpus and CDI still work, so the " +
            "image works on some GPU hosts and fails on others."
          : "current NVIDIA toolkits then mount compute and utility, older ones only utility (no libcuda)."),
      location: "image config",
      evidence,
    });
  },
};
