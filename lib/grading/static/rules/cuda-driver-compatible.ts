import { LESSONS } from "../../../content/lesson-slugs";
import { type Finding, fail, pass, skipped } from "../../checks/check-spec";
import { rootStage } from "../base-image-suggestions";
import { finalLineage } from "../rule-helpers";
import type { StaticContext } from "../static-context";
import { at, located, STATIC, type StaticRule } from "../static-rule";

export const cudaDriverCompatible: StaticRule = {
  spec: {
    ...STATIC,
    id: "gpu.cuda-driver-compatible",
    category: "gpu",
    title: "The image's CUDA can start and run on the GPU nodes' driver",
    measures:
      "For GPU exercises, against gpu.maxCuda (the CUDA version the nodes' driver reports in nvidia-smi): fails " +
      "when the final image requires a higher CUDA version through NVIDIA_REQUIRE_CUDA (set by ENV; declared by " +
      "nvidia/cuda base images as cuda>= their tag's version; or implied by ENV CUDA_VERSION when the variable is " +
      "absent), or when its CUDA version (the base image tag's, e.g. nvidia/cuda:13.0.1-… → 13.0 or " +
      "…-cuda12.1-… → 12.1, else ENV CUDA_VERSION) has a newer major version. A newer minor version of the " +
      "same major passes.",
    points: 2,
    why:
      "The NVIDIA driver lives on the host, and the CUDA version nvidia-smi prints is the newest it supports " +
      "natively. Older CUDA runtimes always run on it. Since CUDA 11 a newer runtime of the same major version " +
      "runs too (minor-version compatibility), with limits: the older driver cannot JIT-compile PTX built by the " +
      "newer toolkit, and some APIs newer than the driver return an error. A newer major version needs a newer " +
      "driver, unless the image carries NVIDIA's forward-compatibility package (cuda-compat), which NVIDIA " +
      "supports on data-centre GPUs only. Separately, wherever the NVIDIA Container Toolkit's hook starts GPU " +
      "containers (the NVIDIA runtime, and --gpus on hosts without CDI), it reads NVIDIA_REQUIRE_CUDA from the " +
      "image's environment first and refuses to start the container when the driver reports a lower CUDA version " +
      "than the variable's cuda>= bound; every nvidia/cuda image declares its own version there. CDI reads no such " +
      "variable: the container starts, and a runtime the driver cannot run fails at its first CUDA call instead. " +
      "Matching the oldest driver in the fleet avoids every one of these cases: a conservative policy.",
    fix:
      "Choose a base image the nodes' driver (gpu.maxCuda) can start and run: of its major CUDA version or older, " +
      "and no newer than its version when the image declares NVIDIA_REQUIRE_CUDA, as every nvidia/cuda image " +
      "does; then framework builds made for that CUDA.",
    lesson: LESSONS.gpu,
    params: ["gpu.maxCuda"],
  },
  run(ctx) {
    const driver = ctx.checks.gpu?.maxCuda;
    if (!driver) return skipped("This exercise does not run on a GPU, so the CUDA version is not graded.");
    if (!ctx.finalStage) return skipped("The Dockerfile has no FROM line.");
    const found = cudaVersion(ctx);
    // The toolkit skips its requirement check altogether when NVIDIA_DISABLE_REQUIRE is true.
    const checked = !/^(1|t|true)$/i.test(lastEnv(ctx, "NVIDIA_DISABLE_REQUIRE")?.value ?? "");
    const requirement = checked ? cudaRequirement(ctx, found) : undefined;
    if (!found && !requirement)
      return skipped(
        "Neither the base image tag nor ENV CUDA_VERSION or NVIDIA_REQUIRE_CUDA names a CUDA version, so it " +
          "cannot be compared with the driver here; the GPU phase tests it on a real GPU.",
      );

    const refused = requirement && compareVersions(requirement.bound, driver) > 0 ? requirement : undefined;
    const newerMajor = found && major(found.version) > major(driver) ? found : undefined;
    const noMinorCompat =
      found && !newerMajor && major(found.version) < 11 && compareVersions(found.version, driver) > 0;
    const findings: Finding[] = [];
    if (newerMajor)
      findings.push({
        message:
          `The image uses CUDA ${newerMajor.version} (from ${newerMajor.source}), a newer major version than the ` +
          `CUDA ${driver} the GPU nodes' driver reports: a CUDA ${major(newerMajor.version)} runtime needs a ` +
          `CUDA ${major(newerMajor.version)} driver. Only NVIDIA's forward-compatibility package (cuda-compat), ` +
          `supported on data-centre GPUs alone, bridges a major version.` +
          (refused
            ? ` Where the NVIDIA Container Toolkit's hook starts GPU containers, it does not even start: the ` +
              `image requires cuda>=${refused.bound} (${refused.how}). Under CDI it starts, and its first CUDA ` +
              `call fails.`
            : ""),
        ...located(newerMajor),
        fix: `Pick a base image of CUDA ${driver} or older, and framework builds made for it.`,
      });
    else if (refused)
      findings.push({
        message:
          refusal(refused, driver) +
          (found && major(found.version) === major(driver) && major(found.version) >= 11
            ? ` Under CDI, which does not read the variable, its CUDA ${found.version} runtime starts and runs on ` +
              `this driver under minor-version compatibility; the refusal is the hook's alone.`
            : ""),
        ...located(refused),
        fix:
          `Pick a base image that requires at most CUDA ${driver} (for nvidia/cuda, a ${driver} or older tag), ` +
          `and framework builds made for it.`,
      });
    else if (noMinorCompat && found)
      findings.push({
        message:
          `The image uses CUDA ${found.version} (from ${found.source}) and the GPU nodes' driver reports CUDA ` +
          `${driver}: minor-version compatibility began with CUDA 11, so before it a runtime needs a driver of at ` +
          `least its own version.`,
        ...located(found),
        fix: `Pick a CUDA ${driver} (or older) base image, and framework builds made for it.`,
      });
    if (findings.length > 0) return fail(...findings);
    return pass(passMessage(found, requirement, driver, checked), found?.text ?? requirement?.text);
  },
};

interface Located {
  line: number;
  /** The instruction as written: the finding's evidence. */
  text: string;
}

interface FoundVersion extends Located {
  version: string;
  source: string;
}

interface Requirement extends Located {
  /** The lowest cuda>= bound among the requirement's alternatives. */
  bound: string;
  /** How the image came to require it, as a clause. */
  how: string;
  /** Whether other alternatives admit particular GPU brands and driver branches (forward compatibility). */
  hasBranchAlternatives: boolean;
}

/**
 * Images whose environment holds NVIDIA_REQUIRE_CUDA=cuda>= the version their tag starts with: nvidia/cuda (with
 * forward-compatibility alternatives after it) and this platform's dockyard/cuda (sandbox-runner/images/seed/).
 */
const CUDA_REPOSITORIES = new Set(["nvidia/cuda", "dockyard/cuda"]);

/**
 * The base image tag is authoritative (its libraries are what runs); ENV CUDA_VERSION covers hand-installed CUDA
 * on a plain OS image.
 */
function cudaVersion(ctx: StaticContext): FoundVersion | undefined {
  const root = rootStage(ctx.finalStage!);
  const ref = root.ref;
  const tag = ref?.tag ?? "";
  const m = ref?.repository.endsWith("cuda") ? /^(\d+)\.(\d+)/.exec(tag) : /cuda[-_]?(\d+)\.(\d+)/i.exec(tag);
  if (m)
    return {
      version: `${m[1]}.${m[2]}`,
      source: `the base image tag ${root.image}`,
      line: root.from.line,
      text: root.from.text,
    };
  const env = lastEnv(ctx, "CUDA_VERSION");
  const version = env && majorMinor(env.value);
  return env && version ? { version, source: "ENV CUDA_VERSION", line: env.line, text: env.text } : undefined;
}

/**
 * What the container toolkit will require of the driver, as it reads the final image's environment: the
 * Dockerfile's ENV NVIDIA_REQUIRE_CUDA, else the base image's (nvidia/cuda images declare cuda>= their tag's
 * version), else cuda>= ENV CUDA_VERSION, which the toolkit assumes for images without the variable. Nothing
 * when the base image's environment is unknown here.
 */
function cudaRequirement(ctx: StaticContext, found: FoundVersion | undefined): Requirement | undefined {
  const declared = lastEnv(ctx, "NVIDIA_REQUIRE_CUDA");
  if (declared?.value) {
    const parsed = parseRequirement(declared.value);
    return parsed && { ...parsed, ...declared, how: `ENV NVIDIA_REQUIRE_CUDA at ${at(declared.line)} sets that bound` };
  }
  const root = rootStage(ctx.finalStage!);
  const cudaRepository = root.ref !== undefined && CUDA_REPOSITORIES.has(root.ref.repository);
  const cudaBase = cudaRepository && found?.line === root.from.line ? found : undefined;
  // Such a base declares a bound, but one known here only from its tag.
  if (!declared && cudaRepository && !cudaBase) return undefined;
  if (!declared && cudaBase)
    return {
      bound: cudaBase.version,
      how: `${root.image} declares NVIDIA_REQUIRE_CUDA=cuda>=${cudaBase.version} in its environment`,
      hasBranchAlternatives: root.ref?.repository === "nvidia/cuda",
      line: cudaBase.line,
      text: cudaBase.text,
    };
  // With NVIDIA_REQUIRE_CUDA unset or empty, the toolkit requires cuda>= the image's CUDA_VERSION (major.minor).
  const legacy = lastEnv(ctx, "CUDA_VERSION");
  const bound = legacy ? majorMinor(legacy.value) : cudaBase?.version;
  if (!bound) return undefined;
  return {
    bound,
    how: legacy
      ? `ENV CUDA_VERSION at ${at(legacy.line)} with no NVIDIA_REQUIRE_CUDA makes the toolkit require cuda>= ` +
        "that version"
      : `NVIDIA_REQUIRE_CUDA is set empty, so the toolkit requires cuda>= the base image's CUDA_VERSION`,
    hasBranchAlternatives: false,
    line: legacy?.line ?? cudaBase!.line,
    text: legacy?.text ?? cudaBase!.text,
  };
}

/** Space-separated alternatives, each a comma-separated list of constraints: "cuda>=12.6 brand=tesla,driver>=535". */
function parseRequirement(value: string): Pick<Requirement, "bound" | "hasBranchAlternatives"> | undefined {
  const alternatives = value.trim().split(/\s+/);
  const bounds = alternatives.flatMap((a) =>
    a.split(",").flatMap((c) => {
      const version = c.startsWith("cuda>=") ? majorMinor(c.slice("cuda>=".length)) : undefined;
      return version ? [version] : [];
    }),
  );
  const [bound] = bounds.sort(compareVersions);
  if (!bound) return undefined;
  return { bound, hasBranchAlternatives: alternatives.some((a) => !a.includes("cuda>=")) };
}

function refusal({ bound, how, hasBranchAlternatives }: Requirement, driver: string): string {
  return (
    `The image requires cuda>=${bound}: ${how}. That is above the CUDA ${driver} the GPU nodes' driver reports, ` +
    `so wherever the NVIDIA Container Toolkit's hook starts GPU containers (the NVIDIA runtime, and --gpus on ` +
    `hosts without CDI) it refuses to start this one ("unsatisfied condition: cuda>=${bound}").` +
    (hasBranchAlternatives
      ? " (Its other alternatives admit listed driver branches on data-centre and professional GPUs only, for " +
        "NVIDIA's forward compatibility.)"
      : "")
  );
}

function passMessage(
  found: FoundVersion | undefined,
  requirement: Requirement | undefined,
  driver: string,
  checked: boolean,
): string {
  const met = requirement
    ? ` Its NVIDIA_REQUIRE_CUDA bound (cuda>=${requirement.bound}) is met, so the container toolkit's hook ` +
      `starts it too.`
    : "";
  if (!found) return `The image requires CUDA ${requirement?.bound}, which the driver's CUDA ${driver} satisfies.`;
  if (compareVersions(found.version, driver) <= 0)
    return (
      `The image uses CUDA ${found.version}, which the GPU nodes' driver (CUDA ${driver}) runs: drivers run ` +
      `older CUDA runtimes.${met}`
    );
  return (
    `The image uses CUDA ${found.version} on a driver that reports CUDA ${driver}: the same major version, so it ` +
    `runs under minor-version compatibility, with limits: the older driver cannot JIT-compile PTX built by the ` +
    `newer toolkit, and some APIs newer than the driver return an error.` +
    (met ||
      (checked
        ? ` If the base image declares NVIDIA_REQUIRE_CUDA above ${driver} (docker image inspect shows its Env), ` +
          `the container toolkit's hook refuses to start it (CDI does not read the variable).`
        : " NVIDIA_DISABLE_REQUIRE switches off the container toolkit's own version check."))
  );
}

function lastEnv(ctx: StaticContext, name: string): (Located & { value: string }) | undefined {
  const env = finalLineage(ctx).findLast((i) => i.keyword === "ENV" && i.properties.some((p) => p.name === name));
  const value = env?.properties.findLast((p) => p.name === name)?.value;
  return env && { value: (value ?? "").replace(/^(["'])(.*)\1$/s, "$2").trim(), line: env.line, text: env.text };
}

/** "12.6" of "12.6.3" (or of "12.6"); undefined for anything else. */
function majorMinor(text: string): string | undefined {
  const m = /^(\d+)\.(\d+)/.exec(text);
  return m ? `${m[1]}.${m[2]}` : undefined;
}

const major = (version: string): number => Number(version.split(".")[0]);

function compareVersions(a: string, b: string): number {
  const [a1 = 0, a2 = 0] = a.split(".").map(Number);
  const [b1 = 0, b2 = 0] = b.split(".").map(Number);
  return a1 !== b1 ? a1 - b1 : a2 - b2;
}
