import { LESSONS } from "../../../content/lesson-slugs";
import type { Finding } from "../../checks/check-spec";
import { aptCall } from "../apt-commands";
import { instructionSpan, type QuickFix } from "../quick-fix";
import { outcome, runCommandsIn, stageInstructions } from "../rule-helpers";
import type { DockerInstruction } from "../static-context";
import { located, STATIC, type StaticRule } from "../static-rule";

export const aptUpdateWithInstall: StaticRule = {
  spec: {
    ...STATIC,
    id: "cache.apt-update-with-install",
    category: "cache",
    title: "apt-get update runs in the same RUN as apt-get install",
    measures: "A RUN that calls apt-get update must also call apt-get install (or apt-get upgrade) in that same RUN.",
    points: 1,
    why:
      "Docker caches each RUN separately. With apt-get update in its own RUN, " +
      "that layer is reused for months while you edit the install line below " +
      'it, so apt installs from a stale package index: builds fail with "Unable ' +
      'to locate package" or 404s, or quietly install outdated versions.',
    fix:
      "Combine them: RUN apt-get update && apt-get install -y " +
      "--no-install-recommends <packages> && rm -rf /var/lib/apt/lists/*",
    lesson: LESSONS.caching,
    equivalent: "Docker best practices: apt-get",
  },
  quickFix: mergeUpdateIntoInstall,
  run(ctx) {
    const fails: Finding[] = [];
    const runs = new Map<DockerInstruction, { update: boolean; install: boolean }>();
    for (const { instruction, command } of runCommandsIn(stageInstructions(ctx))) {
      const call = aptCall(command.argv);
      if (!call) continue;
      const entry = runs.get(instruction) ?? { update: false, install: false };
      if (call.sub === "update") entry.update = true;
      if (["install", "upgrade", "dist-upgrade", "full-upgrade"].includes(call.sub)) entry.install = true;
      runs.set(instruction, entry);
    }
    const entries = [...runs];
    for (const [instruction, { update, install }] of entries) {
      if (!update || install) continue;
      const later = entries.find(
        ([other, e]) => e.install && other.stage === instruction.stage && other.line > instruction.line,
      )?.[0];
      const separately = later ? `, separately from the install at Dockerfile:${later.line}` : "";
      fails.push({
        message:
          `Dockerfile:${instruction.line} runs apt-get update on its own${separately}. ` +
          `Docker caches this layer, so later installs use a stale package index.`,
        ...located(instruction),
        fix: later
          ? mergedFix(instruction, later)
          : "Run apt-get update in the same RUN as the apt-get install that needs it.",
      });
    }
    return outcome(
      fails,
      [],
      runs.size === 0 ? "No apt-get in this Dockerfile." : "apt-get update always runs together with apt-get install.",
    );
  },
};

/** The update moved into the install's RUN: "&&" on a RUN line, a line of its own in a heredoc script. */
function mergedFix(update: DockerInstruction, install: DockerInstruction): string {
  if (install.heredocs.length === 0) return `RUN apt-get update && ${install.text.replace(/^RUN\s+/, "")}`;
  return (
    `Make apt-get update the first line of the heredoc at Dockerfile:${install.line}, before apt-get install, ` +
    `and delete Dockerfile:${update.line}.`
  );
}

const LONE_UPDATE = /^\s*RUN\s+((apt-get|apt)\s+(-\S+\s+)*update(\s+-\S+)*)\s*$/i;
const APT_INSTALL = /\bapt(-get)?\s+(-\S+\s+)*install\b/;

/** A RUN holding only apt-get update, directly followed by a RUN that installs: the update joins that RUN. */
function mergeUpdateIntoInstall(dockerfile: string, line: number): QuickFix | undefined {
  const lines = dockerfile.split("\n");
  const update = LONE_UPDATE.exec(lines[line - 1] ?? "");
  if (!update) return undefined;
  let next = line + 1;
  while (next <= lines.length && !lines[next - 1]!.trim()) next++;
  const { last } = instructionSpan(lines, next);
  const install = lines.slice(next - 1, last).join("\n");
  const run = /^\s*RUN\s+(--\S+\s+)*/i.exec(install);
  if (!run || install.includes("<<") || !APT_INSTALL.test(install)) return undefined;
  return {
    title: "Move apt-get update into the RUN that installs",
    edits: [
      {
        startLine: line,
        startColumn: 1,
        endLine: next,
        endColumn: run[0].length + 1,
        text: `${run[0]}${update[1]} && `,
      },
    ],
  };
}
