import { fail, pass, skipped } from "../../checks/check-spec";
import { LESSONS } from "../../checks/lessons";
import { fromLineWith, rootStage } from "../base-image-suggestions";
import { findingFixAsInstruction } from "../quick-fix";
import { finalLineage } from "../rule-helpers";
import { at, STATIC, type StaticRule } from "../static-rule";

export const runtimeNotDevelBase: StaticRule = {
  spec: {
    ...STATIC,
    id: "gpu.runtime-not-devel-base",
    category: "gpu",
    title: "GPU image uses a CUDA runtime base, not devel",
    measures:
      "For GPU exercises: the image the final stage is built FROM must not be a " +
      '-devel CUDA image (any tag containing "devel").',
    points: 2,
    why:
      "nvidia/cuda:*-devel images carry the whole CUDA toolkit (nvcc, headers, " +
      "static libraries): several GB more than the -runtime images, which hold " +
      "only the libraries a trained model needs to run. Devel belongs in a " +
      "builder stage, if anywhere.",
    fix:
      "Use the matching runtime tag, e.g. FROM " +
      "nvidia/cuda:12.4.1-runtime-ubuntu22.04 (or cudnn-runtime if you need " +
      "cuDNN); compile CUDA extensions in a devel builder stage and COPY --from it.",
    lesson: LESSONS.gpu,
    params: ["gpu"],
  },
  quickFix: findingFixAsInstruction(
    (ctx) => runtimeNotDevelBase.run(ctx),
    (fix) => `Use the runtime image: ${fix}`,
  ),
  run(ctx) {
    if (!ctx.checks.gpu) return skipped("This exercise does not run on a GPU, so the CUDA base image is not graded.");
    if (!ctx.finalStage) return skipped("The Dockerfile has no FROM line.");
    const root = rootStage(ctx.finalStage);
    const tag = root.ref?.tag ?? "";
    if (!/devel/i.test(tag))
      return pass(`The final image starts from ${root.image}, not a devel image.`, root.from.text);
    return fail({
      message:
        `The final image starts from ${root.image}, a CUDA devel image: the whole ` +
        `compiler toolkit ships in the final image although nothing in it runs at run time.`,
      location: at(root.from.line),
      evidence: root.from.text,
      fix: fromLineWith(root, root.image.replace(/devel/i, "runtime")),
    });
  },
};

export const cudaDriverCompatible: StaticRule = {
  spec: {
    ...STATIC,
    id: "gpu.cuda-driver-compatible",
    category: "gpu",
    title: "The image's CUDA version is one the GPU nodes' driver supports",
    measures:
      "For GPU exercises: the CUDA version in the final base image's tag " +
      "(nvidia/cuda:12.6.0-… → 12.6, …-cuda12.1-… → 12.1), or else in ENV " +
      "CUDA_VERSION, must be at most gpu.maxCuda.",
    points: 2,
    why:
      "The NVIDIA driver lives on the host, not in the image, and each driver " +
      "supports CUDA up to a certain version. Newer drivers run older CUDA " +
      "(backward compatibility), but not the other way round: nvidia/cuda " +
      "images declare NVIDIA_REQUIRE_CUDA=cuda>=X.Y, so on an older driver the " +
      'container toolkit refuses to start them ("unsatisfied condition: ' +
      "cuda>=12.6\"). Within one major version NVIDIA's minor-version " +
      "compatibility can let some binaries run on an older driver, but with " +
      "features missing (for example PTX compiled by a newer toolkit cannot be " +
      "JIT-compiled), so it is no substitute for matching the driver.",
    fix:
      "Choose a base image whose CUDA version is at or below what the GPU " +
      "nodes' driver supports (gpu.maxCuda), e.g. " +
      "nvidia/cuda:12.4.1-runtime-ubuntu22.04, and PyTorch wheels built for that CUDA.",
    lesson: LESSONS.gpu,
    params: ["gpu.maxCuda"],
  },
  run(ctx) {
    const max = ctx.checks.gpu?.maxCuda;
    if (!max) return skipped("This exercise does not run on a GPU, so the CUDA version is not graded.");
    if (!ctx.finalStage) return skipped("The Dockerfile has no FROM line.");
    const found = cudaVersion(ctx);
    if (!found)
      return skipped(
        "Neither ENV CUDA_VERSION nor the base image tag names a CUDA version, so " +
          "it cannot be compared with the driver here; the GPU phase tests it on a real GPU.",
      );
    if (compareVersions(found.version, max) <= 0)
      return pass(
        `The image uses CUDA ${found.version}, which the GPU nodes' driver (up to CUDA ${max}) supports.`,
        found.evidence,
      );
    const effect = consequence(found.version, max, rootStage(ctx.finalStage).ref?.repository);
    return fail({
      message:
        `The image uses CUDA ${found.version} (from ${found.source}), but the GPU ` +
        `nodes' driver supports CUDA up to ${max}. ${effect}`,
      location: at(found.line),
      evidence: found.evidence,
      fix:
        `Pick a CUDA ${max} (or older) image, e.g. FROM nvidia/cuda:${max}.1-runtime-ubuntu22.04, ` +
        `and framework builds made for it.`,
    });
  },
};

/**
 * The base image tag is authoritative (its libraries are what runs); ENV CUDA_VERSION covers hand-installed CUDA
 * on a plain OS image.
 */
function cudaVersion(
  ctx: Parameters<StaticRule["run"]>[0],
): { version: string; source: string; line: number; evidence: string } | undefined {
  const root = rootStage(ctx.finalStage!);
  const ref = root.ref;
  const tag = ref?.tag ?? "";
  const m = ref?.repository.endsWith("cuda") ? /^(\d+)\.(\d+)/.exec(tag) : /cuda[-_]?(\d+)\.(\d+)/i.exec(tag);
  if (m)
    return {
      version: `${m[1]}.${m[2]}`,
      source: `the base image tag ${root.image}`,
      line: root.from.line,
      evidence: root.from.text,
    };
  const env = finalLineage(ctx).findLast(
    (i) => i.keyword === "ENV" && i.properties.some((p) => p.name === "CUDA_VERSION"),
  );
  const envValue = env?.properties.findLast((p) => p.name === "CUDA_VERSION")?.value;
  const fromEnv = envValue ? /^(\d+)\.(\d+)/.exec(envValue) : null;
  return env && fromEnv
    ? { version: `${fromEnv[1]}.${fromEnv[2]}`, source: "ENV CUDA_VERSION", line: env.line, evidence: env.text }
    : undefined;
}

function consequence(version: string, max: string, repository: string | undefined): string {
  if (version.split(".")[0] !== max.split(".")[0])
    return "A newer major CUDA version never runs on an older major's driver.";
  if (repository === "nvidia/cuda")
    return (
      `nvidia/cuda images declare NVIDIA_REQUIRE_CUDA=cuda>=${version}, so the ` +
      `NVIDIA container toolkit refuses to start the container on the older driver.`
    );
  return (
    "Images that declare NVIDIA_REQUIRE_CUDA are refused by the container " +
    "toolkit on the older driver; others run only through NVIDIA's " +
    "minor-version compatibility, with features missing (PTX from a newer " +
    "toolkit cannot be JIT-compiled)."
  );
}

function compareVersions(a: string, b: string): number {
  const [a1 = 0, a2 = 0] = a.split(".").map(Number);
  const [b1 = 0, b2 = 0] = b.split(".").map(Number);
  return a1 !== b1 ? a1 - b1 : a2 - b2;
}
