import { LESSONS } from "../../../content/lesson-slugs";
import type { Finding } from "../../checks/check-spec";
import { aptCall } from "../apt-commands";
import { instructionSpan, lineFix, type QuickFix } from "../quick-fix";
import { outcome, rmIn, runCommandsIn, scratchMountOver, shippedInstructions } from "../rule-helpers";
import type { DockerInstruction } from "../static-context";
import { at, STATIC, type StaticRule } from "../static-rule";

const LISTS = "/var/lib/apt/lists";
const APT_CACHE_MOUNTS =
  "--mount=type=cache,target=/var/cache/apt,sharing=locked " + "--mount=type=cache,target=/var/lib/apt,sharing=locked";

export const aptListsRemoved: StaticRule = {
  spec: {
    ...STATIC,
    id: "size.apt-lists-removed",
    category: "size",
    title: "apt package lists are removed in the same RUN",
    measures:
      "RUN lines in the stages that make up the final image that call apt-get update or install must also " +
      "rm -rf /var/lib/apt/lists/* (or mount a BuildKit cache or tmpfs over /var/lib/apt or /var/lib/apt/lists).",
    points: 1,
    why:
      "apt-get update downloads package indexes into /var/lib/apt/lists: tens " +
      "of MB your service never reads. Each RUN becomes a layer, so they must " +
      "be deleted in the same RUN; deleting them in a later RUN hides them but " +
      "the earlier layer still ships them.",
    fix:
      "End the RUN that installs packages with && rm -rf /var/lib/apt/lists/* (or, with BuildKit, mount caches " +
      `there so the lists never reach the image: RUN ${APT_CACHE_MOUNTS} apt-get update && apt-get install ...).`,
    lesson: LESSONS.packages,
    equivalent: "hadolint DL3009",
  },
  quickFix: removeListsInSameRun,
  run(ctx) {
    const fails: Finding[] = [];
    const seen = new Set<DockerInstruction>();
    for (const { instruction, command } of runCommandsIn(shippedInstructions(ctx))) {
      const call = aptCall(command.argv);
      if (!call || (call.sub !== "update" && call.sub !== "install") || seen.has(instruction)) continue;
      seen.add(instruction);
      if (scratchMountOver(ctx, instruction, LISTS) || rmIn(instruction, (a) => a.startsWith(LISTS))) continue;
      // Mounting only apt's download cache is a common half-way: the .deb files stay out, the lists do not.
      const debsOnly = scratchMountOver(ctx, instruction, "/var/cache/apt/archives");
      const why = debsOnly
        ? ` The cache mount at ${debsOnly.target} keeps downloaded packages out of the image, ` +
          `but the lists live in ${LISTS}.`
        : "";
      fails.push({
        message:
          `This RUN runs ${call.tool} ${call.sub} but does not delete ${LISTS} in the same RUN, ` +
          `so the package index stays in the image layer.${why}`,
        // In a heredoc script the apt line, not the RUN <<EOF line, is what to look at.
        location: at(instruction.heredocs.length > 0 ? command.line : instruction.line),
        evidence: instruction.text,
        fix: fixFor(instruction, !!debsOnly),
      });
    }
    const passed =
      seen.size === 0
        ? "The final image's stages do not run apt-get."
        : "Every RUN that uses apt-get keeps /var/lib/apt/lists out of its layer.";
    return outcome(fails, [], passed);
  },
};

function fixFor(instruction: DockerInstruction, debsMounted: boolean): string {
  const mount = debsMounted ? "--mount=type=cache,target=/var/lib/apt,sharing=locked" : APT_CACHE_MOUNTS;
  const how = debsMounted
    ? "mount a cache over /var/lib/apt as well"
    : "with BuildKit, mount caches there so the lists never reach the image";
  const mounted = `or ${how}: ${instruction.text.replace(/^RUN\s+/i, `RUN ${mount} `)}`;
  const heredoc = instruction.heredocs[0];
  if (heredoc) return `Add rm -rf ${LISTS}/* as the last line of the heredoc, before ${heredoc.name}; ${mounted}`;
  return `${instruction.text} \\\n    && rm -rf ${LISTS}/*\n(${mounted})`;
}

/** `&& rm -rf /var/lib/apt/lists/*` at the end of a plain RUN; heredoc scripts and trailing comments need a person. */
function removeListsInSameRun(dockerfile: string, line: number): QuickFix | undefined {
  const lines = dockerfile.split("\n");
  if (!/^\s*RUN\b/i.test(lines[line - 1] ?? "")) return undefined;
  const { last } = instructionSpan(lines, line);
  const end = lines[last - 1] ?? "";
  if (lines.slice(line - 1, last).some((l) => l.includes("<<")) || /\s#/.test(end)) return undefined;
  const column = end.trimEnd().length + 1;
  return lineFix("Remove apt's package lists in the same RUN", last, column, end.length + 1, ` && rm -rf ${LISTS}/*`);
}
