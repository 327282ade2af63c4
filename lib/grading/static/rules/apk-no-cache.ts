import { LESSONS } from "../../../content/lesson-slugs";
import type { Finding } from "../../checks/check-spec";
import { apkCall } from "../apt-commands";
import { insertAfter, type QuickFix } from "../quick-fix";
import { outcome, rmIn, runCommandsIn, scratchMountOver, shippedInstructions } from "../rule-helpers";
import { located, STATIC, type StaticRule } from "../static-rule";

export const apkNoCache: StaticRule = {
  spec: {
    ...STATIC,
    id: "size.apk-no-cache",
    category: "size",
    title: "apk add uses --no-cache",
    measures:
      "apk add commands in the stages that make up the final image must pass --no-cache (or remove " +
      "/var/cache/apk in the same RUN, or mount a BuildKit cache or tmpfs there).",
    points: 1,
    why:
      "On Alpine, apk add keeps the downloaded package index in /var/cache/apk. " +
      "Like apt's lists, it is dead weight in the layer unless it is never " +
      "written or removed in the same RUN.",
    fix:
      "apk add --no-cache <packages> (or, with BuildKit, keep the index in a cache mount: " +
      "RUN --mount=type=cache,target=/var/cache/apk apk add <packages>)",
    lesson: LESSONS.packages,
    equivalent: "hadolint DL3019",
  },
  quickFix: addApkNoCache,
  run(ctx) {
    const fails: Finding[] = [];
    let adds = 0;
    for (const { instruction, command } of runCommandsIn(shippedInstructions(ctx))) {
      const call = apkCall(command.argv);
      if (call?.sub !== "add") continue;
      adds++;
      const cleaned =
        scratchMountOver(ctx, instruction, "/var/cache/apk") ||
        rmIn(instruction, (a) => a.startsWith("/var/cache/apk"));
      if (call.options.includes("--no-cache") || cleaned) continue;
      fails.push({
        message: "apk add without --no-cache leaves the package index in /var/cache/apk inside the layer.",
        ...located(command),
        fix: command.text.replace(/\badd\b/, "add --no-cache"),
      });
    }
    return outcome(
      fails,
      [],
      adds === 0 ? "No apk add in the final image's stages." : "Every apk add uses --no-cache.",
    );
  },
};

function addApkNoCache(dockerfile: string, line: number): QuickFix | undefined {
  const edit = insertAfter(dockerfile, line, /\bapk\s+(-\S+\s+)*add\b/, " --no-cache");
  return edit && { title: "Add --no-cache to apk add", edits: [edit] };
}
