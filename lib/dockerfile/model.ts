import { expandVariables } from "./expand-variables";
import { type ImageRef, parseImageRef } from "./image-ref";
import { readDockerfile } from "./parse";
import type { MountOption, RunMount } from "./run-mount";
import type { ShellCommand } from "./shell-commands";

export type { RunMount } from "./run-mount";

/** Every instruction the Dockerfile frontend knows. */
export const DOCKERFILE_INSTRUCTIONS: readonly string[] = [
  "ADD",
  "ARG",
  "CMD",
  "COPY",
  "ENTRYPOINT",
  "ENV",
  "EXPOSE",
  "FROM",
  "HEALTHCHECK",
  "LABEL",
  "MAINTAINER",
  "ONBUILD",
  "RUN",
  "SHELL",
  "STOPSIGNAL",
  "USER",
  "VOLUME",
  "WORKDIR",
];

export interface InstructionFlag {
  /** Lower-case, without the dashes: "from", "mount", "chown". */
  name: string;
  /** The name as written, without the dashes, for messages that quote it. */
  written: string;
  value: string | null;
  /** 1-based line the flag is on (a continued instruction spreads its flags over lines). */
  line: number;
  /** The comma-separated options of the value as written, quotes kept: what --mount is made of. */
  options: MountOption[];
}

/** A here-document of RUN, COPY or ADD (BuildKit syntax): `RUN <<EOF` ... `EOF`. */
export interface HeredocBody {
  name: string;
  /** 1-based line of the `<<EOF` that opens it. */
  operatorLine: number;
  /** 1-based line of the first content line. */
  line: number;
  /** The lines between the opening line and the delimiter, as written. */
  content: string;
  /** <<-EOF: leading tabs are stripped from the content and the delimiter line. */
  stripTabs: boolean;
  /** False when the file ends before the delimiter line (the syntax check reports that). */
  terminated: boolean;
}

/** `<< EOF` with a space: no heredoc to BuildKit, so the lines after it are read as instructions. */
export interface SpacedHeredoc {
  /** 1-based line of the `<<`. */
  line: number;
  /** That line from the `<<` on. */
  rest: string;
}

/** One Dockerfile instruction as plain data: what every phase of grading reads. */
export interface DockerInstruction {
  /** Upper-case keyword: "RUN", "COPY". */
  keyword: string;
  /** 1-based line of the keyword. */
  line: number;
  endLine: number;
  /**
   * Arguments without flags, continuations joined and whitespace collapsed.
   * Heredoc bodies are not part of them: "COPY <<EOF /app/conf" has args "<<EOF /app/conf".
   */
  args: string;
  /** The arguments after the flags as the frontend splits them into words (heredoc bodies included). */
  words: string[];
  flags: InstructionFlag[];
  /** RUN only: the --mount flags that parse (a malformed one is the syntax check's to report). */
  mounts: RunMount[];
  heredocs: HeredocBody[];
  spacedHeredocs: SpacedHeredoc[];
  /** The arguments of a JSON (exec) form instruction, or undefined for shell form. */
  exec?: string[];
  /** ENV / ARG / LABEL name-value pairs; value is null for "ARG NAME" without a default. */
  properties: { name: string; value: string | null }[];
  /** RUN only: the shell commands it executes, heredoc scripts included. */
  commands: ShellCommand[];
  /** Index of the build stage, -1 for ARGs before the first FROM. */
  stage: number;
  /** The instruction as written for evidence: on one line, heredoc bodies on their own lines; truncated. */
  text: string;
  /** Every line of the instruction exactly as written, untruncated: what scanners for secrets must read. */
  source: string;
}

export interface Stage {
  index: number;
  /** The "AS name" alias, lower-case (Docker compares stage names case-insensitively). */
  name?: string;
  from: DockerInstruction;
  /** The FROM image as written, variables unexpanded. */
  writtenImage: string;
  /** The FROM image with the global build args expanded, as BuildKit resolves it. */
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

/** A Dockerfile parsed once: its instructions, grouped into stages, with Docker's variable scoping. */
export interface DockerfileModel {
  /** The file as submitted. */
  source: string;
  /** The value of a `# syntax=` directive, if the file has one. */
  syntax?: string;
  escapeChar: string;
  /** Every instruction in file order, the global ARGs before the first FROM included. */
  instructions: DockerInstruction[];
  stages: Stage[];
  /** The last stage: the image `docker build` makes without --target. */
  finalStage?: Stage;
  /** The final stage and the stages it builds on: the ones whose layers end up in the image, root first. */
  shippedStages: Stage[];
  /** Value of a build arg or env var visible to `at`; undefined when unknown. */
  variable(name: string, at: DockerInstruction): string | undefined;
  /** `text` with the variables visible to `at` expanded (unknown ones kept as written). */
  expand(text: string, at: DockerInstruction): string;
  /** A stage's instructions preceded by those of the stages it builds on. */
  lineage(stage: Stage): DockerInstruction[];
}

/** Parses a Dockerfile into the model; the file need not be valid (the syntax check judges that). */
export function parseDockerfile(source: string): DockerfileModel {
  const { instructions, escapeChar, syntax } = readDockerfile(source);
  const globals = new Map<string, string | undefined>();
  for (const i of instructions) {
    if (i.stage >= 0) break;
    if (i.keyword === "ARG") for (const p of i.properties) globals.set(p.name, p.value ?? undefined);
  }
  const stages = buildStages(instructions, globals);
  const finalStage = stages.at(-1);
  const lineages = new Map<Stage, DockerInstruction[]>();
  const lineage = (stage: Stage): DockerInstruction[] => {
    const known = lineages.get(stage);
    if (known) return known;
    const list = [...(stage.parent ? lineage(stage.parent) : []), ...stage.instructions];
    lineages.set(stage, list);
    return list;
  };
  const variable = (name: string, at: DockerInstruction): string | undefined => {
    const stage = stages[at.stage];
    if (!stage) return globals.get(name);
    return lookupVariable(stage, name, at.line, globals, variable);
  };
  return {
    source,
    syntax,
    escapeChar,
    instructions,
    stages,
    finalStage,
    shippedStages: finalStage ? stageChain(finalStage) : [],
    variable,
    expand: (text, at) => expandVariables(text, (name) => variable(name, at)).value,
    lineage,
  };
}

/** The stage called `name` (case-insensitive, as Docker compares stage names). */
export function stageNamed(model: DockerfileModel, name: string): Stage | undefined {
  return model.stages.find((s) => s.name === name.toLowerCase());
}

/** The stage `docker build --target` builds: the named one, else the last. */
export function targetStage(model: DockerfileModel, target?: string): Stage | undefined {
  return target ? stageNamed(model, target) : model.finalStage;
}

/** The instructions `at` inherits: those before it in its stage and in the stages that stage builds on. */
export function lineageBefore(model: DockerfileModel, at: DockerInstruction): DockerInstruction[] {
  const stage = model.stages[at.stage];
  return stage ? model.lineage(stage).filter((i) => i.stage !== at.stage || i.line < at.line) : [];
}

/** The stage and the earlier stages it starts FROM, root first. */
export function stageChain(stage: Stage): Stage[] {
  return [...(stage.parent ? stageChain(stage.parent) : []), stage];
}

/**
 * What a COPY --from or RUN --mount=from names: a stage (by name or index),
 * "image" for something that reads as an image reference, or undefined for a
 * stage name that does not exist.
 */
export function stageReference(model: DockerfileModel, value: string): Stage | "image" | undefined {
  if (/^\d+$/.test(value)) return model.stages[Number(value)];
  const stage = stageNamed(model, value);
  if (stage) return stage;
  return /[/:.@]/.test(value) || value.includes("$") ? "image" : undefined;
}

export function flagValue(instruction: DockerInstruction, name: string): string | undefined {
  return instruction.flags.find((f) => f.name === name)?.value ?? undefined;
}

/**
 * The image the engine must have for this stage, with the implicit tag: none
 * for an earlier stage, scratch, or an image written with variables (the
 * engine resolves those itself).
 */
export function externalImage(stage: Stage): string | undefined {
  if (stage.parent || stage.scratch || stage.writtenImage.includes("$")) return undefined;
  return withDefaultTag(stage.image);
}

/** "python" → "python:latest", as the engine reads an untagged reference. */
function withDefaultTag(image: string): string {
  if (image.includes("@")) return image;
  const lastSegment = image.slice(image.lastIndexOf("/") + 1);
  return lastSegment.includes(":") ? image : `${image}:latest`;
}

function buildStages(instructions: DockerInstruction[], globals: Map<string, string | undefined>): Stage[] {
  const stages: Stage[] = [];
  for (const i of instructions) {
    if (i.keyword === "FROM") {
      const words = i.args.split(" ");
      const writtenImage = words[0] ?? "";
      const alias = words[1]?.toUpperCase() === "AS" ? words[2]?.toLowerCase() : undefined;
      // BuildKit expands the global ARGs in FROM before it looks for a stage of that name.
      const { value: image, unresolved } = expandVariables(writtenImage, (name) => globals.get(name));
      const parent = stages.find((s) => s.name !== undefined && s.name === image.toLowerCase());
      const scratch = image.toLowerCase() === "scratch";
      stages.push({
        index: stages.length,
        name: alias,
        from: i,
        writtenImage,
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
 * Docker's scoping: ENV beats ARG of the same name; ARG without a default takes the global default;
 * ENV is inherited from a parent stage. A definition's own value is expanded with what was visible
 * before it, so PATH=/x:$PATH sees the old PATH.
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
    const value =
      p.value === null
        ? i.keyword === "ARG"
          ? globals.get(name)
          : undefined
        : expandVariables(p.value, (n) => resolve(n, i)).value;
    if (i.keyword === "ENV") return value;
    arg ??= { value };
  }
  if (arg) return arg.value;
  if (stage.parent) {
    const last = stage.parent.instructions.findLast(
      (i) => i.keyword === "ENV" && i.properties.some((p) => p.name === name),
    );
    return last ? resolve(name, { ...last, line: last.line + 1 }) : undefined;
  }
  return undefined;
}
