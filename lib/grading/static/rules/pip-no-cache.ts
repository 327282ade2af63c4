import { LESSONS } from "../../checks/lessons";
import type { Finding } from "../../checks/check-spec";
import { pipInstall } from "../pip-commands";
import { programArgv, programName } from "../shell-commands";
import { hasCacheMount, outcome, runCommandsIn, shippedInstructions } from "../rule-helpers";
import { at, STATIC, type StaticRule } from "../static-rule";
import type { DockerInstruction, StaticContext } from "../static-context";

/**
 * PIP_NO_CACHE_DIR: pip parses the value with strtobool and then disables the
 * cache for ANY valid boolean, "0"/"false"/"off" included: the option's
 * callback sets cache_dir = False whatever the value, kept for backwards
 * compatibility with the original inverted behaviour (see pip's
 * _handle_no_cache_dir and pypa/pip#5011). An empty value is skipped by pip's
 * config loader, so the cache stays on; any other value strtobool rejects
 * (e.g. "please") makes pip stop with an option error. So: any valid boolean
 * passes, an empty or invalid value fails with its own explanation.
 */
const PIP_BOOLEAN = /^(y|yes|t|true|on|1|n|no|f|false|off|0)$/i;
const UV_TRUE = /^(1|true|yes|on|t|y)$/i;

export const pipNoCache: StaticRule = {
  spec: {
    ...STATIC,
    id: "size.pip-no-cache",
    category: "size",
    title: "pip does not keep its download cache in the image",
    measures: "pip install commands in the stages that make up the final image: each needs --no-cache-dir, PIP_NO_CACHE_DIR set (ENV or ARG) before it, a BuildKit cache mount, or removal of ~/.cache/pip in the same RUN.",
    points: 1,
    why: "pip saves every downloaded wheel in ~/.cache/pip so a second install on your laptop is faster. In an image there is no second install: the cache is a copy of everything you installed, often hundreds of MB for ML libraries like torch or scikit-learn.",
    fix: "pip install --no-cache-dir -r requirements.txt (or ENV PIP_NO_CACHE_DIR=1 once, or RUN --mount=type=cache,target=/root/.cache/pip pip install ... to keep a cache outside the image).",
    lesson: LESSONS.packages,
    equivalent: "hadolint DL3042",
  },
  run(ctx) {
    const fails: Finding[] = [];
    let installs = 0;
    for (const { instruction, command } of runCommandsIn(shippedInstructions(ctx))) {
      const pip = pipInstall(command.argv);
      if (!pip) continue;
      installs++;
      if (pip.tool === "uv") {
        if (pip.options.includes("--no-cache") || UV_TRUE.test(ctx.variable("UV_NO_CACHE", instruction) ?? "") || cacheHandled(ctx, instruction, /uv/)) continue;
        fails.push({ message: "uv pip install keeps its download cache (~/.cache/uv) in the layer.", location: at(command.line), evidence: command.text, fix: command.text.replace(/\binstall\b/, "install --no-cache") });
        continue;
      }
      if (pip.options.includes("--no-cache-dir") || cacheHandled(ctx, instruction, /pip/)) continue;
      const inline = command.argv.find((w) => w.startsWith("PIP_NO_CACHE_DIR="))?.slice("PIP_NO_CACHE_DIR=".length);
      const value = inline ?? ctx.variable("PIP_NO_CACHE_DIR", instruction);
      if (value !== undefined && PIP_BOOLEAN.test(value)) continue;
      if (value !== undefined) {
        const effect = value.trim() === "" ? "pip ignores an empty setting, so the cache stays on" : "pip does not accept that as a boolean, so pip install stops with an option error";
        fails.push({ message: `PIP_NO_CACHE_DIR is set to "${value}": ${effect}.`, location: at(command.line), evidence: command.text, fix: "ENV PIP_NO_CACHE_DIR=1" });
        continue;
      }
      fails.push({ message: "pip install runs without --no-cache-dir, so pip's download cache (~/.cache/pip) is saved into this layer.", location: at(command.line), evidence: command.text, fix: command.text.replace(/\binstall\b/, "install --no-cache-dir") });
    }
    return outcome(fails, [], installs === 0 ? "No pip install in the final image's stages." : "Every pip install leaves no download cache in the image.");
  },
};

/** A cache/tmpfs mount, a pip config set before, or the cache removed in the same RUN. */
function cacheHandled(ctx: StaticContext, instruction: DockerInstruction, tool: RegExp): boolean {
  if (hasCacheMount(instruction, /\.cache|pip|uv/)) return true;
  const removes = instruction.commands.some((c) => {
    const argv = programArgv(c.argv);
    return programName(argv[0]) === "rm" && argv.some((a) => /\.cache(\/|$)/.test(a) && (tool.test(a) || /\.cache\/?\*?$/.test(a)));
  });
  if (removes) return true;
  const stage = ctx.stages[instruction.stage];
  return !!stage && ctx.lineage(stage).some((i) => i.keyword === "RUN" && i.line < instruction.line && /pip config set \S*no-cache-dir|no-cache-dir\s*=\s*\S+.*pip\.conf/.test(i.text));
}
