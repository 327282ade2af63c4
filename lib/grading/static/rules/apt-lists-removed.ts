import { LESSONS } from "../../checks/lessons";
import type { Finding } from "../../checks/check-spec";
import { aptCall } from "../apt-commands";
import { programArgv, programName } from "../shell-commands";
import { hasCacheMount, outcome, runCommandsIn, shippedInstructions } from "../rule-helpers";
import { at, STATIC, type StaticRule } from "../static-rule";
import type { DockerInstruction } from "../static-context";

export const aptListsRemoved: StaticRule = {
  spec: {
    ...STATIC,
    id: "size.apt-lists-removed",
    category: "size",
    title: "apt package lists are removed in the same RUN",
    measures: "RUN lines in the stages that make up the final image that call apt-get update or install must also rm -rf /var/lib/apt/lists/* (or mount a cache there).",
    points: 1,
    why: "apt-get update downloads package indexes into /var/lib/apt/lists: tens of MB your service never reads. Each RUN becomes a layer, so they must be deleted in the same RUN; deleting them in a later RUN hides them but the earlier layer still ships them.",
    fix: "End the RUN that installs packages with && rm -rf /var/lib/apt/lists/*",
    lesson: LESSONS.packages,
    equivalent: "hadolint DL3009",
  },
  run(ctx) {
    const fails: Finding[] = [];
    const seen = new Set<DockerInstruction>();
    for (const { instruction, command } of runCommandsIn(shippedInstructions(ctx))) {
      const call = aptCall(command.argv);
      if (!call || (call.sub !== "update" && call.sub !== "install") || seen.has(instruction)) continue;
      seen.add(instruction);
      if (removesLists(instruction)) continue;
      fails.push({
        message: `This RUN runs ${call.tool} ${call.sub} but does not delete /var/lib/apt/lists in the same RUN, so the package index stays in the image layer.`,
        location: at(instruction.line),
        evidence: instruction.text,
        fix: `${instruction.text} \\\n    && rm -rf /var/lib/apt/lists/*`,
      });
    }
    return outcome(fails, [], seen.size === 0 ? "The final image's stages do not run apt-get." : "Every RUN that uses apt-get removes /var/lib/apt/lists/* in the same layer.");
  },
};

function removesLists(instruction: DockerInstruction): boolean {
  if (hasCacheMount(instruction, /^\/var\/lib\/apt(\/lists)?\/?$/)) return true;
  return instruction.commands.some((c) => {
    const argv = programArgv(c.argv);
    return programName(argv[0]) === "rm" && argv.some((a) => a.startsWith("/var/lib/apt/lists"));
  });
}
