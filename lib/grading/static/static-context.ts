import type { ExerciseChecks } from "../../exercises/exercise-schema";
import type { ComposeEngineVerdict } from "../compose/compose-engine-verdict";
import { normalizePath, parseDockerignore, type Dockerignore } from "./dockerignore";
import { expandVariables } from "./expand-variables";
import { parseImageRef, type ImageRef } from "./image-ref";
import { parseInstructions, type DockerInstruction } from "./parse-instructions";

export type { DockerInstruction } from "./parse-instructions";

export interface Stage {
  index: number;
  /** The "AS name" alias, lower-case (Docker compares stage names case-insensitively). */
  name?: string;
  from: DockerInstruction;
  /** The FROM image with build args expanded. */
  image: string;
  /** The image still contains a variable no ARG default resolves. */
  unresolved: boolean;
  /** The earlier stage this one starts from ("FROM builder"), if any. */
  parent?: Stage;
  /** The image reference when the stage starts from an image (not a stage, not scratch). */
  ref?: ImageRef;
  scratch: boolean;
  /** The stage's instructions after its FROM. */
  instructions: DockerInstruction[];
}

export interface StaticInput {
  dockerfile: string;
  files: { path: string; content: string }[];
  checks: ExerciseChecks;
  /** For Compose exercises on a grader: what `docker compose config` said about the file. */
  composeEngine?: ComposeEngineVerdict;
}

/** Everything the rules read, parsed once per submission. */
export interface StaticContext {
  instructions: DockerInstruction[];
  stages: Stage[];
  finalStage?: Stage;
  /** The final stage and the stages it builds on: the ones whose layers end up in the image. */
  shippedStages: Stage[];
  /** Build-context files by normalized relative path. */
  files: ReadonlyMap<string, string>;
  dockerignore?: Dockerignore;
  checks: ExerciseChecks;
  composeEngine?: ComposeEngineVerdict;
  /** Value of a build arg or env var visible to `at`; undefined when unknown. */
  variable(name: string, at: DockerInstruction): string | undefined;
  /** `text` with the variables visible to `at` expanded (unknown ones kept as written). */
  expand(text: string, at: DockerInstruction): string;
  /** The working directory `at` runs in. */
  workdir(at: DockerInstruction): string;
  /** A stage's instructions preceded by those of the stages it builds on. */
  lineage(stage: Stage): DockerInstruction[];
}

export function buildStaticContext(input: StaticInput): StaticContext {
  const { instructions } = parseInstructions(input.dockerfile);
  const files = new Map(input.files.map((f) => [normalizePath(f.path), f.content]));
  const ignoreFile = files.get(".dockerignore");
  const globals = new Map<string, string | undefined>();
  for (const i of instructions) {
    if (i.stage >= 0) break;
    if (i.keyword === "ARG") for (const p of i.properties) globals.set(p.name, p.value ?? undefined);
  }
  const stages = buildStages(instructions, globals);
  const finalStage = stages[stages.length - 1];
  const lineages = new Map<Stage, DockerInstruction[]>();
  const lineage = (stage: Stage): DockerInstruction[] => {
    let list = lineages.get(stage);
    if (!list) lineages.set(stage, (list = [...(stage.parent ? lineage(stage.parent) : []), ...stage.instructions]));
    return list;
  };

  const variable = (name: string, at: DockerInstruction): string | undefined => {
    const stage = stages[at.stage];
    if (!stage) return globals.get(name);
    return lookupVariable(stage, name, at.line, globals, variable);
  };
  const expand = (text: string, at: DockerInstruction) => expandVariables(text, (name) => variable(name, at)).value;
  const workdir = (at: DockerInstruction): string => {
    const stage = stages[at.stage];
    let dir = "/";
    if (!stage) return dir;
    for (const i of lineage(stage)) {
      if (i.stage === at.stage && i.line >= at.line) break;
      if (i.keyword === "WORKDIR") dir = joinPath(dir, expand(i.args.replace(/^["']|["']$/g, ""), i));
    }
    return dir;
  };

  return {
    instructions,
    stages,
    finalStage,
    shippedStages: finalStage ? ancestry(finalStage) : [],
    files,
    dockerignore: ignoreFile === undefined ? undefined : parseDockerignore(ignoreFile),
    checks: input.checks,
    composeEngine: input.composeEngine,
    variable,
    expand,
    workdir,
    lineage,
  };
}

function buildStages(instructions: DockerInstruction[], globals: Map<string, string | undefined>): Stage[] {
  const stages: Stage[] = [];
  for (const i of instructions) {
    if (i.keyword === "FROM") {
      const words = i.args.split(" ");
      const raw = words[0] ?? "";
      const alias = words[1]?.toUpperCase() === "AS" ? words[2]?.toLowerCase() : undefined;
      const { value: image, unresolved } = expandVariables(raw, (name) => globals.get(name));
      const parent = stages.find((s) => s.name !== undefined && s.name === image.toLowerCase());
      const scratch = image.toLowerCase() === "scratch";
      stages.push({
        index: stages.length,
        name: alias,
        from: i,
        image,
        unresolved,
        parent,
        ref: parent || scratch ? undefined : parseImageRef(image),
        scratch,
        instructions: [],
      });
    } else if (i.stage >= 0) stages[i.stage]?.instructions.push(i);
  }
  return stages;
}

/**
 * Docker's scoping: ENV beats ARG of the same name; ARG without a default takes the global default; ENV is inherited from a parent stage.
 * A definition's own value is expanded with what was visible before it, so PATH=/x:$PATH sees the old PATH.
 */
function lookupVariable(
  stage: Stage,
  name: string,
  line: number,
  globals: Map<string, string | undefined>,
  resolve: (name: string, at: DockerInstruction) => string | undefined,
): string | undefined {
  let arg: { value: string | undefined } | undefined;
  for (let k = stage.instructions.length - 1; k >= 0; k--) {
    const i = stage.instructions[k]!;
    if (i.line >= line || (i.keyword !== "ENV" && i.keyword !== "ARG")) continue;
    const p = i.properties.findLast((prop) => prop.name === name);
    if (!p) continue;
    const value = p.value === null ? (i.keyword === "ARG" ? globals.get(name) : undefined) : expandVariables(p.value, (n) => resolve(n, i)).value;
    if (i.keyword === "ENV") return value;
    arg ??= { value };
  }
  if (arg) return arg.value;
  if (stage.parent) {
    const last = stage.parent.instructions.findLast((i) => i.keyword === "ENV" && i.properties.some((p) => p.name === name));
    return last ? resolve(name, { ...last, line: last.line + 1 }) : undefined;
  }
  return undefined;
}

function ancestry(stage: Stage): Stage[] {
  return [...(stage.parent ? ancestry(stage.parent) : []), stage];
}

function joinPath(base: string, path: string): string {
  if (path.startsWith("/") || path.startsWith("$")) return `/${normalizePath(path)}`;
  return `/${normalizePath(`${base}/${path}`)}`;
}
