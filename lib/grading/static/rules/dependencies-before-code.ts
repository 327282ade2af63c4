import { LESSONS } from "../../../content/lesson-slugs";
import { type Finding, skipped } from "../../checks/check-spec";
import { normalizePath } from "../context-path";
import { contextFilesFor, copySpec, isWholeContext, sourceIncludes } from "../copy-sources";
import { outcome } from "../rule-helpers";
import type { DockerInstruction, Stage, StaticContext } from "../static-context";
import { at, STATIC, type StaticRule } from "../static-rule";

// Files that describe dependencies rather than code; copying them early is the point.
const MANIFEST_NAMES = [
  String.raw`requirements[\w.-]*\.(txt|in)`,
  String.raw`constraints[\w.-]*\.txt`,
  String.raw`pyproject\.toml`,
  String.raw`setup\.(py|cfg)`,
  String.raw`poetry\.lock`,
  String.raw`uv\.lock`,
  String.raw`Pipfile(\.lock)?`,
  String.raw`environment\.ya?ml`,
  String.raw`conda-lock\.yml`,
  String.raw`package(-lock)?\.json`,
];
const MANIFEST = new RegExp(`(^|/)(${MANIFEST_NAMES.join("|")})$`);

export const dependenciesBeforeCode: StaticRule = {
  spec: {
    ...STATIC,
    id: "cache.dependencies-before-code",
    category: "cache",
    title: "Dependencies are installed before the code is copied",
    measures:
      "In every stage with a dependency install (a RUN containing " +
      'cache.installMarker, default "pip install"), no COPY/ADD before that RUN ' +
      "may bring in application code: the whole context, or any path covering " +
      "cache.mutate (or, without it, anything besides dependency manifests).",
    points: 3,
    why:
      "Docker reuses a cached layer only if it and every layer before it are " +
      "unchanged. If COPY . . comes before pip install, editing one line of " +
      "your code changes that COPY layer, and Docker re-runs the whole install: " +
      "minutes of downloading torch or scikit-learn on every build. Copy the " +
      "manifest alone first, install, then copy the code, and code edits " +
      "rebuild only the last, cheap layer.",
    fix: "COPY requirements.txt ./\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .",
    lesson: LESSONS.caching,
    params: ["cache.manifest", "cache.installMarker", "cache.mutate"],
  },
  run(ctx) {
    const marker = ctx.checks.cache?.installMarker ?? "pip install";
    const fails: Finding[] = [];
    const passes: string[] = [];
    for (const stage of ctx.stages) {
      // text is collapsed but truncated; source is complete (a long heredoc script) but keeps line breaks.
      const installs = (i: DockerInstruction) => i.text.includes(marker) || i.source.includes(marker);
      const install = stage.instructions.find((i) => i.keyword === "RUN" && installs(i));
      if (!install) continue;
      const early = stage.instructions.filter(
        (i) => i.line < install.line && (i.keyword === "COPY" || i.keyword === "ADD"),
      );
      const codeCopy = early.find((i) => bringsCode(ctx, i));
      if (codeCopy) fails.push(finding(ctx, stage, codeCopy, install));
      else {
        const only = early.length ? ` (only ${early.map((i) => i.args).join("; ")} before it)` : "";
        passes.push(`the install at Dockerfile:${install.line} comes before any code is copied${only}`);
      }
    }
    if (fails.length === 0 && passes.length === 0)
      return skipped(`No RUN contains "${marker}", so there is no dependency install to order.`);
    return outcome(fails, [], `Dependencies are installed before the code: ${passes.join("; ")}.`);
  },
};

/** Whether a COPY/ADD brings application code (rather than only dependency manifests) into the stage. */
function bringsCode(ctx: StaticContext, i: DockerInstruction): boolean {
  const spec = copySpec(i);
  if (spec.from || spec.heredoc) return false;
  const mutate = ctx.checks.cache?.mutate;
  return spec.sources.some((source) => {
    if (isWholeContext(source)) return true;
    if (mutate) return sourceIncludes(source, mutate);
    const files = contextFilesFor(ctx, source);
    if (files.length === 0) return !MANIFEST.test(normalizePath(source));
    return files.some((f) => !MANIFEST.test(f));
  });
}

function finding(ctx: StaticContext, stage: Stage, codeCopy: DockerInstruction, install: DockerInstruction): Finding {
  const manifest =
    ctx.checks.cache?.manifest ?? [...ctx.files.keys()].find((f) => MANIFEST.test(f)) ?? "requirements.txt";
  const mutate = ctx.checks.cache?.mutate;
  const what = mutate ? `brings in ${mutate}` : "brings in your application code";
  const workdir = ctx.workdir(codeCopy);
  const inStage = stage.name ? ` (in stage ${stage.name})` : "";
  return {
    message:
      `${codeCopy.text} at Dockerfile:${codeCopy.line} ${what} before the ` +
      `dependency install at Dockerfile:${install.line}. Every code edit ` +
      `changes that layer, so Docker re-runs the install on every build.`,
    location: at(codeCopy.line),
    evidence: `${codeCopy.text}\n${install.text}`,
    fix:
      `Copy only ${manifest} first, install, then copy the code${inStage}:\nCOPY ` +
      `${manifest} ${workdir === "/" ? "/" : "./"}\n${install.text}\n${codeCopy.text}`,
  };
}
