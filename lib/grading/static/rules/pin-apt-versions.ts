import { LESSONS } from "../../../content/lesson-slugs";
import type { Finding } from "../../checks/check-spec";
import { aptCall } from "../apt-commands";
import { listing, outcome, runCommandsIn, stageInstructions } from "../rule-helpers";
import { located, STATIC, type StaticRule } from "../static-rule";

/**
 * A warning, not a failure (hadolint rates DL3008 a warning too): Debian's
 * archive keeps only the current version of each package in a release, so a
 * pinned version disappears after the next security update and the build
 * breaks. Pinning is a trade-off the learner should know about, not a must.
 */
export const pinAptVersions: StaticRule = {
  spec: {
    ...STATIC,
    id: "security.pin-apt-versions",
    category: "security",
    title: "apt packages name versions",
    measures: "Package names in apt-get install commands: each should carry =version (a warning, points kept).",
    points: 1,
    why:
      "apt-get install curl installs whatever version the archive has on the " +
      "day of the build, so two builds of the same Dockerfile can differ. " +
      "Pinning (curl=7.88.1-10+deb12u5) makes builds repeatable, at a cost: " +
      "Debian drops old versions after security updates, so pins must be " +
      "refreshed. That is why this only warns.",
    fix:
      "Pin the packages you depend on: look the version up with apt-cache " +
      "policy <package> in the base image, then write package=version.",
    lesson: LESSONS.packages,
    equivalent: "hadolint DL3008",
  },
  run(ctx) {
    const warns: Finding[] = [];
    let installs = 0;
    for (const { command } of runCommandsIn(stageInstructions(ctx))) {
      const call = aptCall(command.argv);
      if (call?.sub !== "install") continue;
      installs++;
      const loose = call.packages.filter((p) => !p.includes("=") && !p.includes("$") && !/\.deb$|^[./]/.test(p));
      if (loose.length === 0) continue;
      warns.push({
        message:
          `${call.tool} install names ${listing(loose)} without a version, so each ` +
          `build installs whatever version the archive offers that day.`,
        ...located(command),
        fix: `Pin each package, e.g. ${loose
          .slice(0, 2)
          .map((p) => `${p}=<version>`)
          .join(" ")} (find the version with: apt-cache policy ${loose[0]}).`,
      });
    }
    return outcome(
      [],
      warns,
      installs === 0 ? "No apt-get install; nothing to pin." : "Every apt package names a version.",
    );
  },
};
