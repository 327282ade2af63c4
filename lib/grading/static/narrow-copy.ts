import { normalizePath } from "./context-path";
import { copySpec, isWholeContext } from "./copy-sources";
import { isIgnored } from "./dockerignore";
import { isEnvFile } from "./env-files";
import { type QuickFix, replaceInstruction } from "./quick-fix";
import { stageInstructions } from "./rule-helpers";
import type { DockerInstruction, StaticContext } from "./static-context";

/** Directories that belong to development, not to the image. */
export const DEV_DIRS = [
  "data",
  "datasets",
  "notebooks",
  ".venv",
  "venv",
  "__pycache__",
  ".ipynb_checkpoints",
  "mlruns",
  "wandb",
  ".pytest_cache",
  ".mypy_cache",
];

// Build files, not the app's: the Dockerfile, Compose files and hidden files (.git, .env, .dockerignore...).
const NOT_THE_APP = /^(\.|Dockerfile|Containerfile|(docker-)?compose\.ya?ml$)/;

/**
 * What a COPY of the whole context becomes when only what the app needs is copied: one COPY for the top-level
 * files and one per top-level directory, to the same place, leaving out build files, .env files and development
 * directories. The fix for an exercise whose .dockerignore the learner cannot edit. Empty when nothing is left.
 */
export function narrowCopies(ctx: StaticContext, copy: DockerInstruction): string[] {
  const kept = [...ctx.files.keys()].filter((path) => !isIgnored(ctx.dockerignore, path) && !isEnvFile(path));
  const tops = new Set(kept.map((path) => path.split("/")[0]!));
  const wanted = [...tops].filter((name) => !NOT_THE_APP.test(name) && !DEV_DIRS.includes(name)).sort();
  const files = wanted.filter((name) => ctx.files.has(name));
  const dirs = wanted.filter((name) => !ctx.files.has(name));
  const { dest } = copySpec(copy);
  const into = normalizePath(dest) === "" && !dest.startsWith("/") ? "./" : `${dest.replace(/\/*$/, "")}/`;
  const flags = copy.flags.map((f) => ` --${f.written}${f.value === null ? "" : `=${f.value}`}`).join("");
  return [
    ...(files.length ? [`COPY${flags} ${files.join(" ")} ${into}`] : []),
    ...dirs.map((dir) => `COPY${flags} ${dir}/ ${into}${dir}/`),
  ];
}

/** The first COPY or ADD that sends the whole build context. */
export function wholeContextCopy(ctx: StaticContext): DockerInstruction | undefined {
  return stageInstructions(ctx).find(
    (i) =>
      (i.keyword === "COPY" || i.keyword === "ADD") && !copySpec(i).from && copySpec(i).sources.some(isWholeContext),
  );
}

/** For a .dockerignore the learner cannot edit: name what the app needs instead of sending everything. */
export function copyOnlyTheAppFix(ctx: StaticContext, copy: DockerInstruction, because: string): string {
  const copies = narrowCopies(ctx, copy);
  const instead = copies.length ? `:\n${copies.join("\n")}` : ", by name.";
  return `${because}, so copy only what the app needs instead of the whole context${instead}`;
}

/** The whole-context COPY replaced by copies of what the app needs, where the learner cannot edit .dockerignore. */
export function copyOnlyTheApp(dockerfile: string, copy: DockerInstruction, ctx: StaticContext): QuickFix | undefined {
  if (ctx.editable(".dockerignore") || !copySpec(copy).sources.some(isWholeContext)) return undefined;
  const copies = narrowCopies(ctx, copy);
  if (copies.length === 0) return undefined;
  return replaceInstruction(
    dockerfile,
    copy.line,
    "Copy only what the app needs, not the whole context",
    copies.join("\n"),
  );
}
