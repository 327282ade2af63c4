import { LESSONS, pass, warn } from "../../grading/lib";
import type { ImageCheck } from "../image-check";

/** Generous: a careful ML service Dockerfile needs well under this many RUN/COPY/ADD/WORKDIR layers. */
export const MAX_LEARNER_LAYERS = 15;

export const layerCount: ImageCheck = {
  spec: {
    id: "size.layer-count",
    category: "size",
    title: "A reasonable number of layers",
    method: "image",
    measures:
      `Layers your Dockerfile adds on top of the base image (RUN, COPY, ADD, ` +
      `WORKDIR); warns above ${MAX_LEARNER_LAYERS}.`,
    points: 1,
    why:
      "Each layer is stored, pulled and stacked separately. Dozens of small RUN " +
      "lines make pulls and container start slower and usually mean clean-up " +
      "happens in a different layer from the mess, which wastes space.",
    fix:
      "Combine related commands into one RUN with && (install, configure and " +
      "clean up together), and COPY directories rather than single files one by one.",
    lesson: LESSONS.layers,
    equivalent: "dockle / dive (layer count)",
  },
  run({ facts }) {
    const learner = facts.layers.filter((l) => !l.isBase);
    if (learner.length <= MAX_LEARNER_LAYERS)
      return pass(`Your Dockerfile adds ${learner.length} layer${learner.length === 1 ? "" : "s"}.`);
    const runs = learner.filter((l) => l.createdBy.startsWith("RUN")).length;
    return warn({
      message:
        `Your Dockerfile adds ${learner.length} layers (${runs} of them RUN ` +
        `steps); more than ${MAX_LEARNER_LAYERS} is a sign that steps which ` +
        `belong together are split up.`,
      location: "image",
      evidence: learner.map((l) => `layer ${l.index + 1}: ${l.createdBy}`).join("\n"),
    });
  },
};
