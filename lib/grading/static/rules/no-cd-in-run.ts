import { LESSONS } from "../../../content/lesson-slugs";
import { programArgv } from "../../../dockerfile/shell-commands";
import type { Finding } from "../../checks/check-spec";
import { outcome, runCommandsIn, stageInstructions } from "../rule-helpers";
import { located, STATIC, type StaticRule } from "../static-rule";

/** A warning (hadolint rates DL3003 a warning): "cd" works, it just hides where later steps run. */
export const noCdInRun: StaticRule = {
  spec: {
    ...STATIC,
    id: "correctness.no-cd-in-run",
    category: "correctness",
    title: "WORKDIR instead of cd",
    measures: "RUN lines that call cd (a warning, points kept).",
    points: 1,
    why:
      "cd only lasts until the end of its RUN; the next instruction starts back " +
      "in the WORKDIR. Mixing the two makes it easy to COPY or run something in " +
      "the wrong directory, and WORKDIR also creates the directory and documents it.",
    fix: "Set the directory with WORKDIR /path before the RUN, then drop the cd.",
    lesson: LESSONS.serviceDockerfile,
    equivalent: "hadolint DL3003",
  },
  run(ctx) {
    const warns: Finding[] = [];
    for (const { command } of runCommandsIn(stageInstructions(ctx))) {
      const argv = programArgv(command.argv);
      if (argv[0] !== "cd") continue;
      const dir = argv[1] ?? "~";
      warns.push({
        message: `RUN changes directory with "cd ${dir}"; it only lasts for this RUN.`,
        ...located(command),
        fix: `WORKDIR ${dir.startsWith("/") ? dir : `/${dir}`}  (on its own line, before this RUN)`,
      });
    }
    return outcome([], warns, "No RUN uses cd; directories are set with WORKDIR.");
  },
};
