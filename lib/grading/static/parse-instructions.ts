import {
  Arg,
  DockerfileParser,
  ModifiableInstruction,
  PropertyInstruction,
  type Flag,
  type Instruction,
} from "dockerfile-ast";
import { heredocsOf } from "../../dockerfile/heredocs";
import { parseMount, type RunMount } from "../../dockerfile/run-mount";
import { collapseContinuations as collapse } from "./collapse-continuations";
import { runCommands } from "./run-commands";
import type { ShellCommand } from "./shell-commands";

export type { RunMount } from "../../dockerfile/run-mount";

export interface InstructionFlag {
  /** Lower-case, without the dashes: "from", "mount", "chown". */
  name: string;
  value: string | null;
}

/** A here-document of RUN, COPY or ADD (BuildKit syntax): `RUN <<EOF` ... `EOF`. */
export interface HeredocBody {
  name: string;
  /** 1-based line of the first content line. */
  line: number;
  /** The lines between the opening line and the delimiter, as written. */
  content: string;
  /** <<-EOF: leading tabs are stripped from the content and the delimiter line. */
  stripTabs: boolean;
  /** False when the file ends before the delimiter line (the syntax check reports that). */
  terminated: boolean;
}

/** One Dockerfile instruction, flattened into plain data the rules can read without the AST. */
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
  flags: InstructionFlag[];
  /** RUN only: the --mount flags that parse (a malformed one is the syntax check's to report). */
  mounts: RunMount[];
  heredocs: HeredocBody[];
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
    const heredocs = heredocBodies(node, lines);
    const argsStart = node.getArgumentsRange()?.start.line ?? range.start.line;
    // The heredoc operators all sit on the last line of the instruction proper; the bodies follow it.
    const headerEnd = heredocs.length > 0
      ? Math.max(...heredocsOf(node).map((h) => h.getStartRange().start.line))
      : range.end.line;
    const rawArgs = node.getRawArgumentsContent() ?? "";
    const header = heredocs.length > 0 ? rawArgs.split("\n").slice(0, headerEnd - argsStart + 1).join("\n") : rawArgs;
    const args = collapse(header, escapeChar);
    const exec = JSON_FORMS.has(keyword) ? parseExecForm(args) : undefined;
    const flags = node instanceof ModifiableInstruction ? node.getFlags() : [];
    const written = lines.slice(range.start.line, range.end.line + 1);
    const head = collapse(written.slice(0, headerEnd - range.start.line + 1).join("\n"), escapeChar);
    const body = written.slice(headerEnd - range.start.line + 1).map((l) => l.replace(/\r$/, ""));
    return {
      keyword,
      line: range.start.line + 1,
      endLine: range.end.line + 1,
      args,
      flags: flags.map((f) => ({ name: f.getName().toLowerCase(), value: f.getValue() })),
      mounts: keyword === "RUN" ? mountsOf(flags) : [],
      heredocs,
      exec,
      properties: properties(node),
      commands: keyword === "RUN" ? runCommands(header, argsStart + 1, exec, escapeChar, heredocs) : [],
      stage,
      text: truncate([head, ...body].join("\n")),
      source: written.join("\n"),
    };
  });
  return { instructions, escapeChar };
}

function heredocBodies(node: Instruction, lines: string[]): HeredocBody[] {
  // "<< EOF" (a space after <<) is not a heredoc to BuildKit, so it has no body here either.
  return heredocsOf(node).filter((h) => h.getName() !== "").map((h) => {
    const content = h.getContentRange();
    const delimiter = h.getDelimiterRange();
    const first = content?.start.line ?? h.getStartRange().start.line + 1;
    const last = delimiter ? delimiter.start.line - 1 : (content?.end.line ?? first - 1);
    const operator = lines[h.getStartRange().start.line]?.slice(h.getStartRange().start.character) ?? "";
    return {
      name: h.getName(),
      line: first + 1,
      content: lines.slice(first, last + 1).map((l) => l.replace(/\r$/, "")).join("\n"),
      stripTabs: operator.startsWith("<<-"),
      terminated: delimiter !== null,
    };
  });
}

function mountsOf(flags: Flag[]): RunMount[] {
  return flags.flatMap((f) => {
    if (f.getName().toLowerCase() !== "mount") return [];
    // dockerfile-ast keeps CSV quotes ("target=/a b") in option names and values; BuildKit strips them.
    const unquote = (text: string) => text.replace(/^["']|["']$/g, "");
    const options = f.getOptions().map((o) => ({
      name: unquote(o.getName()),
      value: o.getValue() === null ? null : unquote(o.getValue()!),
    }));
    const parsed = parseMount(options);
    return parsed.ok && parsed.mount ? [parsed.mount] : [];
  });
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
