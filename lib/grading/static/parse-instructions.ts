import { Arg, DockerfileParser, ModifiableInstruction, PropertyInstruction } from "dockerfile-ast";
import { collapseContinuations as collapse } from "./collapse-continuations";
import { runCommands } from "./run-commands";
import type { ShellCommand } from "./shell-commands";

export interface InstructionFlag {
  /** Lower-case, without the dashes: "from", "mount", "chown". */
  name: string;
  value: string | null;
}

/** One Dockerfile instruction, flattened into plain data the rules can read without the AST. */
export interface DockerInstruction {
  /** Upper-case keyword: "RUN", "COPY". */
  keyword: string;
  /** 1-based line of the keyword. */
  line: number;
  endLine: number;
  /** Arguments without flags, continuations joined and whitespace collapsed. */
  args: string;
  flags: InstructionFlag[];
  /** The arguments of a JSON (exec) form instruction, or undefined for shell form. */
  exec?: string[];
  /** ENV / ARG / LABEL name-value pairs; value is null for "ARG NAME" without a default. */
  properties: { name: string; value: string | null }[];
  /** RUN only: the shell commands it executes. */
  commands: ShellCommand[];
  /** Index of the build stage, -1 for ARGs before the first FROM. */
  stage: number;
  /** The instruction as written, on one line, for evidence. */
  text: string;
}

const JSON_FORMS = new Set(["RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME"]);
const MAX_EVIDENCE = 240;

export function parseInstructions(source: string): { instructions: DockerInstruction[]; escapeChar: string } {
  const dockerfile = DockerfileParser.parse(source);
  const escapeChar = dockerfile.getEscapeCharacter();
  const lines = source.split("\n");
  let stage = -1;
  const instructions = dockerfile.getInstructions().map((node): DockerInstruction => {
    const keyword = node.getKeyword().toUpperCase();
    if (keyword === "FROM") stage++;
    const range = node.getRange();
    const rawArgs = node.getRawArgumentsContent() ?? "";
    const args = collapse(rawArgs, escapeChar);
    const exec = JSON_FORMS.has(keyword) ? parseExecForm(args) : undefined;
    const argsLine = (node.getArgumentsRange()?.start.line ?? range.start.line) + 1;
    const flags = node instanceof ModifiableInstruction ? node.getFlags().map((f) => ({ name: f.getName().toLowerCase(), value: f.getValue() })) : [];
    return {
      keyword,
      line: range.start.line + 1,
      endLine: range.end.line + 1,
      args,
      flags,
      exec,
      properties: properties(node),
      commands: keyword === "RUN" ? runCommands(rawArgs, argsLine, exec, escapeChar) : [],
      stage,
      text: truncate(collapse(lines.slice(range.start.line, range.end.line + 1).join("\n"), escapeChar)),
    };
  });
  return { instructions, escapeChar };
}

function properties(node: unknown): DockerInstruction["properties"] {
  if (node instanceof Arg) {
    const property = node.getProperty();
    return property ? [{ name: property.getName(), value: property.getValue() }] : [];
  }
  if (node instanceof PropertyInstruction) return node.getProperties().map((p) => ({ name: p.getName(), value: p.getValue() }));
  return [];
}

/** Exec form is a JSON array of strings; anything else (e.g. single quotes) is shell form to Docker. */
function parseExecForm(args: string): string[] | undefined {
  if (!args.startsWith("[")) return undefined;
  try {
    const value: unknown = JSON.parse(args);
    return Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : undefined;
  } catch {
    return undefined;
  }
}

function truncate(text: string): string {
  return text.length > MAX_EVIDENCE ? `${text.slice(0, MAX_EVIDENCE - 1)}…` : text;
}

export function flagValue(instruction: DockerInstruction, name: string): string | undefined {
  return instruction.flags.find((f) => f.name === name)?.value ?? undefined;
}
