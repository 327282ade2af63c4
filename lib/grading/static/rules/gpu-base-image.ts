import { LESSONS } from "../../../content/lesson-slugs";
import { fail, pass, skipped } from "../../checks/check-spec";
import { fromLineWith, rootStage, runtimeImageFor } from "../base-image-suggestions";
import { findingFixAsInstruction } from "../quick-fix";
import { located, STATIC, type StaticRule } from "../static-rule";

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
      ...located(root.from),
      fix: fromLineWith(root, runtimeImageFor(root.image)),
    });
  },
};
