import { LESSONS } from "../../../content/lesson-slugs";
import type { Finding } from "../../checks/check-spec";
import { aptCall, skipsRecommends } from "../apt-commands";
import { copySpec } from "../copy-sources";
import { insertAfter, type QuickFix } from "../quick-fix";
import { outcome, runCommandsIn, shippedInstructions } from "../rule-helpers";
import { located, STATIC, type StaticRule } from "../static-rule";

const RECOMMENDS_OFF = /Install-Recommends\s*"?(0|false)/i;

export const aptNoInstallRecommends: StaticRule = {
  spec: {
    ...STATIC,
    id: "size.apt-no-install-recommends",
    category: "size",
    title: "apt-get install skips recommended packages",
    measures:
      "apt-get install commands in the stages that make up the final image must " +
      "pass --no-install-recommends (or set APT::Install-Recommends=false).",
    points: 1,
    why:
      'By default apt also installs every "recommended" package: documentation, ' +
      "extra tools, sometimes a whole toolchain. They are not needed to run " +
      "your service and often double what an install adds to the image.",
    fix: "apt-get install -y --no-install-recommends <packages>",
    lesson: LESSONS.packages,
    equivalent: "hadolint DL3015",
  },
  quickFix: addNoInstallRecommends,
  run(ctx) {
    const instructions = shippedInstructions(ctx);
    // A RUN that writes the setting into /etc/apt/apt.conf.d, or a COPY <<EOF of such a file, turns recommends off
    // for later installs.
    const configured = instructions.find((i) => {
      if (i.keyword === "RUN") return RECOMMENDS_OFF.test(i.source);
      const writesConfig = (i.keyword === "COPY" || i.keyword === "ADD") && /apt\.conf\.d/.test(copySpec(i).dest);
      return writesConfig && i.heredocs.some((h) => RECOMMENDS_OFF.test(h.content));
    });
    const fails: Finding[] = [];
    let installs = 0;
    for (const { instruction, command } of runCommandsIn(instructions)) {
      const call = aptCall(command.argv);
      if (call?.sub !== "install" || call.tool === "aptitude") continue;
      installs++;
      if (skipsRecommends(call) || (configured && configured.line < instruction.line)) continue;
      fails.push({
        message:
          `${call.tool} install without --no-install-recommends also installs every ` +
          `recommended package of ${call.packages.slice(0, 3).join(", ") || "the packages"}.`,
        ...located(command),
        fix: command.text.replace(/\binstall\b/, "install --no-install-recommends"),
      });
    }
    return outcome(
      fails,
      [],
      installs === 0
        ? "The final image's stages do not run apt-get install."
        : "Every apt-get install passes --no-install-recommends.",
    );
  },
};

function addNoInstallRecommends(dockerfile: string, line: number): QuickFix | undefined {
  const edit = insertAfter(dockerfile, line, /\bapt(-get)?\s+(-\S+\s+)*install\b/, " --no-install-recommends");
  return edit && { title: "Add --no-install-recommends to apt-get install", edits: [edit] };
}
