import { LESSONS } from "../../../content/lesson-slugs";
import type { Finding } from "../../checks/check-spec";
import { deleteInstruction, findingAt } from "../quick-fix";
import { outcome } from "../rule-helpers";
import { located, STATIC, type StaticRule } from "../static-rule";

const SINGLE = ["CMD", "ENTRYPOINT", "HEALTHCHECK"];

/** A warning: Docker accepts the file, but only the last line counts. */
export const oneCmd: StaticRule = {
  spec: {
    ...STATIC,
    id: "correctness.one-cmd",
    category: "correctness",
    title: "One CMD, ENTRYPOINT and HEALTHCHECK per stage",
    measures: "Stages with more than one CMD, ENTRYPOINT or HEALTHCHECK (a warning, points kept).",
    points: 1,
    why:
      "A stage has one start command: each CMD (or ENTRYPOINT, or HEALTHCHECK) " +
      "replaces the previous one, so only the last takes effect. Extra ones " +
      "usually mean a command you expected to run never does, for example a " +
      "migration placed in an earlier CMD.",
    fix: "Keep only the last CMD; run setup steps with RUN at build time, or from an entrypoint script at start-up.",
    lesson: LESSONS.serviceDockerfile,
    equivalent: "hadolint DL4003, DL4004",
  },
  quickFix: (dockerfile, line, ctx) => {
    const keyword = ctx.instructions.find((i) => i.line === line)?.keyword;
    return findingAt(oneCmd.run(ctx), line) && keyword
      ? deleteInstruction(dockerfile, line, `Delete this ${keyword}: a later one replaces it`)
      : undefined;
  },
  run(ctx) {
    const warns: Finding[] = [];
    for (const stage of ctx.stages) {
      for (const keyword of SINGLE) {
        const all = stage.instructions.filter((i) => i.keyword === keyword);
        const last = all[all.length - 1];
        if (!last) continue;
        for (const ignored of all.slice(0, -1)) {
          warns.push({
            message:
              `${keyword} at Dockerfile:${ignored.line} is ignored: the ${keyword} at Dockerfile:${last.line} ` +
              `replaces it.`,
            ...located(ignored),
            fix: `Delete Dockerfile:${ignored.line}; only ${last.text} takes effect.`,
          });
        }
      }
    }
    return outcome([], warns, "Each stage has at most one CMD, ENTRYPOINT and HEALTHCHECK.");
  },
};
