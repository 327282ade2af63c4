import {
  Add,
  Arg,
  Copy,
  DockerfileParser,
  type Flag,
  type Heredoc,
  type Instruction,
  ModifiableInstruction,
  PropertyInstruction,
  Run,
} from "dockerfile-ast";
import { collapseContinuations as collapse } from "./collapse-continuations";
import type { DockerInstruction, HeredocBody, InstructionFlag, SpacedHeredoc } from "./model";
import { runCommands } from "./run-commands";
import { parseMount, type RunMount } from "./run-mount";

/** The file as the reader sees it, before the model groups it into stages. */
export interface ReadDockerfile {
  instructions: DockerInstruction[];
  escapeChar: string;
  /** The value of a `# syntax=` directive, if the file has one. */
  syntax?: string;
}

const JSON_FORMS = new Set(["RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME"]);
const MAX_EVIDENCE = 240;

/**
 * Reads a Dockerfile with dockerfile-ast, the one place the syntax tree is
 * seen: every instruction comes out as plain data, so no other module depends
 * on the parser's classes or its 0-based ranges.
 */
export function readDockerfile(source: string): ReadDockerfile {
  const dockerfile = DockerfileParser.parse(source);
  const escapeChar = dockerfile.getEscapeCharacter();
  const syntax = dockerfile
    .getDirectives()
    .find((d) => d.getName().toLowerCase() === "syntax")
    ?.getValue();
  const lines = source.split("\n");
  let stage = -1;
  const instructions = dockerfile.getInstructions().map((node): DockerInstruction => {
    const keyword = node.getKeyword().toUpperCase();
    if (keyword === "FROM") stage++;
    const range = node.getRange();
    const allHeredocs = heredocsOf(node);
    const heredocs = heredocBodies(allHeredocs, lines);
    const argsStart = node.getArgumentsRange()?.start.line ?? range.start.line;
    // The heredoc operators all sit on the last line of the instruction proper; the bodies follow it.
    const headerEnd =
      heredocs.length > 0 ? Math.max(...allHeredocs.map((h) => h.getStartRange().start.line)) : range.end.line;
    const rawArgs = node.getRawArgumentsContent() ?? "";
    const header =
      heredocs.length > 0
        ? rawArgs
            .split("\n")
            .slice(0, headerEnd - argsStart + 1)
            .join("\n")
        : rawArgs;
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
      words: node.getArguments().map((a) => a.getValue()),
      flags: flags.map(toFlag),
      mounts: keyword === "RUN" ? mountsOf(flags) : [],
      heredocs,
      spacedHeredocs: spacedHeredocs(allHeredocs, lines),
      exec,
      properties: properties(node),
      commands: keyword === "RUN" ? runCommands(header, argsStart + 1, exec, escapeChar, heredocs) : [],
      stage,
      text: truncate([head, ...body].join("\n")),
      source: written.join("\n"),
    };
  });
  return { instructions, escapeChar, syntax };
}

/** The here-documents of a RUN, COPY or ADD: the instructions BuildKit reads them for. */
function heredocsOf(instruction: Instruction): Heredoc[] {
  if (instruction instanceof Run || instruction instanceof Copy) return instruction.getHeredocs();
  // dockerfile-ast parses ADD's heredocs as well but only RUN and COPY make the method public.
  if (instruction instanceof Add) return (instruction as unknown as { getHeredocs(): Heredoc[] }).getHeredocs();
  return [];
}

function heredocBodies(heredocs: Heredoc[], lines: string[]): HeredocBody[] {
  // "<< EOF" (a space after <<) is not a heredoc to BuildKit, so it has no body here either.
  return heredocs
    .filter((h) => h.getName() !== "")
    .map((h) => {
      const content = h.getContentRange();
      const delimiter = h.getDelimiterRange();
      const start = h.getStartRange().start;
      const first = content?.start.line ?? start.line + 1;
      const last = delimiter ? delimiter.start.line - 1 : (content?.end.line ?? first - 1);
      const operator = lines[start.line]?.slice(start.character) ?? "";
      return {
        name: h.getName(),
        operatorLine: start.line + 1,
        line: first + 1,
        content: lines
          .slice(first, last + 1)
          .map((l) => l.replace(/\r$/, ""))
          .join("\n"),
        stripTabs: operator.startsWith("<<-"),
        terminated: delimiter !== null,
      };
    });
}

function spacedHeredocs(heredocs: Heredoc[], lines: string[]): SpacedHeredoc[] {
  return heredocs
    .filter((h) => h.getName() === "")
    .map((h) => {
      const start = h.getStartRange().start;
      return { line: start.line + 1, rest: (lines[start.line] ?? "").slice(start.character) };
    });
}

function toFlag(flag: Flag): InstructionFlag {
  return {
    name: flag.getName().toLowerCase(),
    written: flag.getName(),
    value: flag.getValue(),
    line: flag.getRange().start.line + 1,
    options: flag.getOptions().map((o) => ({ name: o.getName(), value: o.getValue() })),
  };
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

function properties(node: Instruction): DockerInstruction["properties"] {
  if (node instanceof Arg) {
    const property = node.getProperty();
    return property ? [{ name: property.getName(), value: property.getValue() }] : [];
  }
  if (node instanceof PropertyInstruction) {
    return node.getProperties().map((p) => ({ name: p.getName(), value: p.getValue() }));
  }
  return [];
}

/** Exec form is a JSON array of strings; anything else (e.g. single quotes) is shell form to Docker. */
export function parseExecForm(args: string): string[] | undefined {
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
