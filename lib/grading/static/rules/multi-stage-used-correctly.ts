import { LESSONS } from "../../../content/lesson-slugs";
import { flagValue, stageReference } from "../../../dockerfile/model";
import { type Finding, skipped } from "../../checks/check-spec";
import { outcome } from "../rule-helpers";
import type { Stage } from "../static-context";
import { located, STATIC, type StaticRule } from "../static-rule";

const CANNOT_COPY_FROM_ITSELF = "a stage cannot copy from itself.";

export const multiStageUsedCorrectly: StaticRule = {
  spec: {
    ...STATIC,
    id: "correctness.multi-stage-used-correctly",
    category: "correctness",
    title: "Every build stage is used, and references point to real stages",
    measures:
      "With several stages: each non-final stage must be used by a later FROM, " +
      "COPY --from or RUN --mount=from; COPY --from must name an existing " +
      "earlier stage (or an image); stage names must be unique. Skipped for " +
      "single-stage Dockerfiles.",
    points: 1,
    why:
      "A stage nothing copies from is built for nothing (or, with BuildKit, " +
      "silently skipped, so work you think happens does not). A COPY --from " +
      "naming a stage that does not exist is treated as an image name, and the " +
      "build fails trying to pull it. Duplicate names make Docker refuse the file.",
    fix: "Name stages with AS, copy their results with COPY --from=<name>, and delete stages nothing uses.",
    lesson: LESSONS.multiStage,
  },
  run(ctx) {
    if (ctx.stages.length < 2) return skipped("The Dockerfile has a single stage, so there are no stages to connect.");
    const fails: Finding[] = [];
    const used = new Set<Stage>();
    const seen = new Map<string, Stage>();
    for (const stage of ctx.stages) {
      if (stage.name && seen.has(stage.name)) {
        fails.push({
          message:
            `Two stages are named "${stage.name}" (Dockerfile:${seen.get(stage.name)!.from.line} ` +
            `and here); Docker rejects duplicate stage names.`,
          ...located(stage.from),
          fix: `Rename one, e.g. FROM ${stage.image} AS ${stage.name}-2`,
        });
      } else if (stage.name) seen.set(stage.name, stage);
      if (stage.parent) used.add(stage.parent);
      for (const i of stage.instructions) {
        for (const ref of stageReferences(i)) {
          const target = stageReference(ctx, ref);
          if (target === "image") continue;
          if (!target) {
            fails.push({
              message:
                `${i.keyword} --from=${ref} names no stage of this Dockerfile, so ` +
                `Docker would try to pull an image called "${ref}".`,
              ...located(i),
              fix: `Use one of the stage names: ${
                ctx.stages.flatMap((s) => (s.name ? [s.name] : [])).join(", ") ||
                "(name a stage with FROM ... AS <name>)"
              }`,
            });
          } else if (target === stage) {
            fails.push({
              message: `${i.keyword} --from=${ref} refers to the stage it is in; ${CANNOT_COPY_FROM_ITSELF}`,
              ...located(i),
              fix: "Copy from an earlier stage, or use a plain COPY/RUN within this stage.",
            });
          } else used.add(target);
        }
      }
    }
    for (const stage of ctx.stages.slice(0, -1)) {
      if (used.has(stage)) continue;
      const label = stage.name ?? `#${stage.index}`;
      fails.push({
        message:
          `Stage ${label} (FROM ${stage.image}) is built, but nothing uses it: no later FROM ${label} ` +
          `or COPY --from=${label}.`,
        ...located(stage.from),
        fix: `Copy its result into the final stage (COPY --from=${label} <path> <path>) or delete the stage.`,
      });
    }
    return outcome(fails, [], `All ${ctx.stages.length} stages are connected: each earlier stage feeds a later one.`);
  },
};

/** The stages (or images) an instruction reads from: COPY --from and RUN --mount=from. */
function stageReferences(i: Stage["instructions"][number]): string[] {
  const from = (i.keyword === "COPY" || i.keyword === "ADD") && flagValue(i, "from");
  return [...(from ? [from] : []), ...i.mounts.flatMap((m) => (m.from ? [m.from] : []))];
}
