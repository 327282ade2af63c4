import { type DockerfileModel, type DockerInstruction, lineageBefore, parseDockerfile } from "../../dockerfile/model";
import type { ExerciseChecks } from "../../exercises/exercise-schema";
import type { ComposeEngineVerdict } from "../compose/compose-engine-verdict";
import { normalizePath } from "./context-path";
import { type Dockerignore, parseDockerignore } from "./dockerignore";

export type { DockerInstruction, Stage } from "../../dockerfile/model";

export interface StaticInput {
  /** The Dockerfile's text, or its model when the caller parsed it already (the runner parses once). */
  dockerfile: string | DockerfileModel;
  /** The full build context: learner files plus the exercise's fixed files. */
  files: { path: string; content: string }[];
  checks: ExerciseChecks;
  /** For Compose exercises on a grader: what `docker compose config` said about the file. */
  composeEngine?: ComposeEngineVerdict;
  /** The files the learner may edit (exercise.yaml `editable`), so fixes name only these; absent: every file. */
  editable?: readonly string[];
}

/** Everything the rules read, parsed once per submission: the Dockerfile model and the build context. */
export interface StaticContext extends DockerfileModel {
  /** Build-context files by normalized relative path. */
  files: ReadonlyMap<string, string>;
  dockerignore?: Dockerignore;
  checks: ExerciseChecks;
  composeEngine?: ComposeEngineVerdict;
  /** Whether the learner may edit (or create) `path` in this exercise: a fix proposes edits to such files only. */
  editable(path: string): boolean;
  /** The working directory `at` runs in. */
  workdir(at: DockerInstruction): string;
}

export function buildStaticContext(input: StaticInput): StaticContext {
  const model = typeof input.dockerfile === "string" ? parseDockerfile(input.dockerfile) : input.dockerfile;
  const files = new Map(input.files.map((f) => [normalizePath(f.path), f.content]));
  const ignoreFile = files.get(".dockerignore");
  const workdir = (at: DockerInstruction): string =>
    lineageBefore(model, at)
      .filter((i) => i.keyword === "WORKDIR")
      .reduce((dir, i) => joinPath(dir, model.expand(i.args.replace(/^["']|["']$/g, ""), i)), "/");

  const editable = input.editable && new Set(input.editable.map(normalizePath));

  return {
    ...model,
    files,
    dockerignore: ignoreFile === undefined ? undefined : parseDockerignore(ignoreFile),
    checks: input.checks,
    composeEngine: input.composeEngine,
    editable: (path) => editable?.has(normalizePath(path)) ?? true,
    workdir,
  };
}

function joinPath(base: string, path: string): string {
  if (path.startsWith("/") || path.startsWith("$")) return `/${normalizePath(path)}`;
  return `/${normalizePath(`${base}/${path}`)}`;
}
