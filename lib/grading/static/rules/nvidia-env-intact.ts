import { LESSONS } from "../../../content/lesson-slugs";
import { type Finding, skipped } from "../../checks/check-spec";
import { deleteInstruction, findingAt, findingFixAsInstruction, instructionAt, type QuickFix } from "../quick-fix";
import { finalLineage, outcome } from "../rule-helpers";
import type { StaticContext } from "../static-context";
import { located, STATIC, type StaticRule } from "../static-rule";

export const nvidiaEnvIntact: StaticRule = {
  spec: {
    ...STATIC,
    id: "gpu.nvidia-env-intact",
    category: "gpu",
    title: "NVIDIA container variables are left intact",
    measures:
      "For GPU exercises: ENV in the final image must not set " +
      "NVIDIA_VISIBLE_DEVICES to void/none/empty, must keep compute and utility " +
      "in NVIDIA_DRIVER_CAPABILITIES, and must not replace LD_LIBRARY_PATH " +
      "without keeping its old value or /usr/local/nvidia.",
    points: 1,
    why:
      "Where the image's values decide, they decide whether the job gets a GPU at all. Under the NVIDIA runtime " +
      "with no --gpus (Compose runtime: nvidia, a host or Kubernetes node whose default runtime is nvidia), the " +
      "toolkit hands in the GPUs the container's NVIDIA_VISIBLE_DEVICES names, the image's own value unless the " +
      "run sets one (void or none: no GPU). Wherever the toolkit's hook runs (that runtime, and --gpus on hosts " +
      "without CDI), NVIDIA_DRIVER_CAPABILITIES picks the driver libraries it mounts (compute for CUDA, utility " +
      "for nvidia-smi). --gpus, Compose device reservations and the Kubernetes device plugin set " +
      "NVIDIA_VISIBLE_DEVICES themselves, and CDI reads none of these variables, so there the image's values do " +
      "no harm; but one image runs on all of those hosts. CUDA images also put /usr/local/nvidia/lib64 on " +
      "LD_LIBRARY_PATH, where some hosts (Kubernetes on GKE, older nvidia-docker) mount the driver; overwriting " +
      "it means CUDA cannot find libcuda there.",
    fix:
      "Leave these variables to the base image and choose GPUs when the container starts (docker run --gpus, " +
      "Compose's device reservation); to add a library path, extend it: " +
      "ENV LD_LIBRARY_PATH=/opt/mylib:${LD_LIBRARY_PATH}",
    lesson: LESSONS.gpu,
    params: ["gpu"],
  },
  quickFix: restoreNvidiaEnv,
  run(ctx) {
    if (!ctx.checks.gpu) return skipped("This exercise does not run on a GPU, so the NVIDIA variables are not graded.");
    const fails: Finding[] = [];
    for (const i of finalLineage(ctx)) {
      if (i.keyword !== "ENV") continue;
      for (const { name, value } of i.properties) {
        const v = (value ?? "").trim();
        if (name === "NVIDIA_VISIBLE_DEVICES" && /^(|void|none)$/i.test(v)) {
          fails.push({
            message:
              `ENV NVIDIA_VISIBLE_DEVICES=${v || '""'} hides every GPU wherever the image's value decides: ` +
              "under the NVIDIA runtime with no --gpus (Compose runtime: nvidia, a default nvidia runtime). " +
              "--gpus and device reservations override it and CDI ignores it, so the job then gets a GPU on some " +
              "hosts and none on others.",
            ...located(i),
            fix:
              "Delete this line (the base image sets NVIDIA_VISIBLE_DEVICES=all; the " +
              "GPU to use is chosen with docker run --gpus).",
          });
        }
        if (
          name === "NVIDIA_DRIVER_CAPABILITIES" &&
          !/\ball\b/.test(v) &&
          !(/\bcompute\b/.test(v) && /\butility\b/.test(v))
        ) {
          const dropped = ["compute", "utility"].filter((c) => !v.includes(c)).join(" and ");
          const unmounted = v.includes("compute") ? "nvidia-smi" : "the CUDA driver library";
          fails.push({
            message:
              `ENV NVIDIA_DRIVER_CAPABILITIES=${v || '""'} drops ${dropped}, so wherever the toolkit's hook ` +
              `hands the GPU in (the NVIDIA runtime, --gpus on hosts without CDI), ${unmounted} is not mounted.`,
            ...located(i),
            fix: "ENV NVIDIA_DRIVER_CAPABILITIES=compute,utility",
          });
        }
        if (name === "LD_LIBRARY_PATH" && !/LD_LIBRARY_PATH/.test(v) && !v.includes("/usr/local/nvidia")) {
          fails.push({
            message:
              `ENV LD_LIBRARY_PATH=${v || '""'} replaces the path the CUDA image set, ` +
              `dropping /usr/local/nvidia/lib64 where some hosts mount the driver.`,
            ...located(i),
            fix: `ENV LD_LIBRARY_PATH=${v ? `${v}:` : ""}\${LD_LIBRARY_PATH}`,
          });
        }
      }
    }
    return outcome(
      fails,
      [],
      "NVIDIA_VISIBLE_DEVICES, NVIDIA_DRIVER_CAPABILITIES and LD_LIBRARY_PATH " +
        "are left as the CUDA base image sets them.",
    );
  },
};

/** An ENV line setting only the one variable: rewritten as the finding says, or deleted to keep the base image's. */
function restoreNvidiaEnv(dockerfile: string, line: number, ctx: StaticContext): QuickFix | undefined {
  const env = instructionAt(ctx, line);
  if (env?.properties.length !== 1) return undefined;
  const fix = findingAt(nvidiaEnvIntact.run(ctx), line)?.fix;
  if (fix?.startsWith("Delete this line"))
    return deleteInstruction(
      dockerfile,
      line,
      `Delete ENV ${env.properties[0]!.name}: the base image's value is right`,
    );
  return findingFixAsInstruction(
    (c) => nvidiaEnvIntact.run(c),
    (f) => `Write ${f}`,
  )(dockerfile, line, ctx);
}
