import { LESSONS } from "../../../content/lesson-slugs";
import type { Finding } from "../../checks/check-spec";
import { findingFixAsInstruction } from "../quick-fix";
import { outcome, stageInstructions } from "../rule-helpers";
import { located, STATIC, type StaticRule } from "../static-rule";

export const absoluteWorkdir: StaticRule = {
  spec: {
    ...STATIC,
    id: "correctness.absolute-workdir",
    category: "correctness",
    title: "WORKDIR paths are absolute",
    measures: "Every WORKDIR must start with / (or with a variable that holds an absolute path).",
    points: 1,
    why:
      "A relative WORKDIR is resolved against the previous WORKDIR, which may " +
      "come from the base image and change when the base image does. An " +
      "absolute path says exactly where your app lives.",
    fix: "WORKDIR /app",
    lesson: LESSONS.serviceDockerfile,
    equivalent: "hadolint DL3000",
  },
  quickFix: findingFixAsInstruction(
    (ctx) => absoluteWorkdir.run(ctx),
    (fix) => `Write the absolute path: ${fix}`,
  ),
  run(ctx) {
    const fails: Finding[] = [];
    const workdirs = stageInstructions(ctx).filter((i) => i.keyword === "WORKDIR");
    for (const i of workdirs) {
      const path = i.args.replace(/^["']|["']$/g, "");
      if (path.startsWith("/") || path.startsWith("$") || /^[A-Za-z]:[\\/]/.test(path)) continue;
      // The directory it resolves to now: the same place, written so that it no longer depends on what came before.
      const resolved = ctx.workdir({ ...i, line: i.line + 1 });
      fails.push({
        message:
          `WORKDIR ${path} is relative, so where it points depends on the working ` +
          `directory before it (here it resolves to ${resolved}).`,
        ...located(i),
        fix: `WORKDIR ${resolved}`,
      });
    }
    return outcome(
      fails,
      [],
      workdirs.length === 0 ? "No WORKDIR; nothing to check." : "Every WORKDIR is an absolute path.",
    );
  },
};
