import { DockerfileParser, ModifiableInstruction, type Heredoc, type Instruction } from "dockerfile-ast";
import { AppError } from "../errors/app-error";
import { closestWord } from "./closest-word";

import { heredocsOf } from "./heredocs";
import { flagProblem, type FlagInput } from "./instruction-flags";

const INSTRUCTIONS = [
  "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
  "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
];

/** One reason the Dockerfile frontend would refuse the file, at a 1-based line. */
export interface SyntaxProblem {
  line: number;
  /** What is wrong and why, without the "Dockerfile:12:" prefix. */
  message: string;
  /** How to fix it. */
  fix: string;
  /** The lesson that teaches the feature, when one does more than the Dockerfile basics. */
  lesson?: string;
}

/**
 * Catches the Dockerfile mistakes that would make `docker build` fail before
 * running anything, so the learner gets a line number and a hint immediately
 * instead of waiting for a runner. Runs on the server and in the runner. Knows
 * the BuildKit syntax of the frontend graders build with, Dockerfile 1.7
 * (heredocs, RUN --mount, COPY --link...), and the later additions it lacks.
 */
export function checkDockerfileSyntax(source: string, file = "Dockerfile"): void {
  if (source.trim() === "") {
    const message = `${file} is empty. Start it with a FROM line naming the base image, e.g. "FROM python:3.11-slim".`;
    throw new AppError("INVALID_DOCKERFILE", message, { file });
  }
  const problem = findSyntaxProblem(source);
  if (problem === "no instructions") {
    const message = `${file} has no instructions, only comments. Start it with a FROM line.`;
    throw new AppError("INVALID_DOCKERFILE", message, { file });
  }
  if (problem) {
    // The fix is part of the message because callers show the message alone; details carry it separately too.
    throw new AppError("INVALID_DOCKERFILE", `${file}:${problem.line}: ${problem.message} ${problem.fix}`, {
      file,
      line: problem.line,
      fix: problem.fix,
      ...(problem.lesson ? { lesson: problem.lesson } : {}),
    });
  }
}

/** The first problem in file order, or undefined when the frontend would accept the file. */
export function findSyntaxProblem(source: string): SyntaxProblem | "no instructions" | undefined {
  const dockerfile = DockerfileParser.parse(source);
  const lines = source.split("\n");
  const syntax = dockerfile.getDirectives().find((d) => d.getName().toLowerCase() === "syntax")?.getValue();
  const instructions = dockerfile.getInstructions();
  if (instructions.length === 0) return "no instructions";
  for (const [k, instruction] of instructions.entries()) {
    const problem = instructionProblem(instruction, instructions[k - 1], lines, syntax);
    if (problem) return problem;
  }
  const first = instructions.find((i) => i.getKeyword().toUpperCase() !== "ARG");
  if (first && first.getKeyword().toUpperCase() !== "FROM") {
    return {
      line: first.getRange().start.line + 1,
      message: "the first instruction must be FROM (only ARG may come before it); "
        + `found ${first.getKeyword().toUpperCase()}.`,
      fix: "Start the Dockerfile with the base image, e.g. FROM python:3.11-slim.",
    };
  }
  return undefined;
}

function instructionProblem(
  instruction: Instruction,
  previous: Instruction | undefined,
  lines: string[],
  syntax: string | undefined,
): SyntaxProblem | undefined {
  const keyword = instruction.getKeyword().toUpperCase();
  const line = instruction.getRange().start.line + 1;
  if (!INSTRUCTIONS.includes(keyword)) return unknownInstruction(instruction, previous, lines);
  for (const heredoc of heredocsOf(instruction)) {
    const problem = heredocProblem(heredoc, keyword, line, lines);
    if (problem) return problem;
  }
  if (instruction instanceof ModifiableInstruction) {
    const flags: FlagInput[] = instruction.getFlags().map((f) => ({
      name: f.getName(),
      value: f.getValue(),
      line: f.getRange().start.line + 1,
      options: f.getOptions().map((o) => ({ name: o.getName(), value: o.getValue() })),
    }));
    const args = instruction.getArguments().map((a) => a.getValue());
    const problem = flagProblem(flags, { keyword, syntax, args });
    if (problem) return problem;
  }
  if (keyword !== "ONBUILD" && keyword !== "HEALTHCHECK" && instruction.getArguments().length === 0) {
    const fix = `Write what ${keyword} should act on after the keyword, or delete the line.`;
    return { line, message: `${keyword} needs arguments.`, fix };
  }
  return undefined;
}

/** A heredoc the frontend cannot find the end of swallows the rest of the file, so it has to be reported here. */
function heredocProblem(heredoc: Heredoc, keyword: string, line: number, lines: string[]): SyntaxProblem | undefined {
  const name = heredoc.getName();
  // "<< EOF" (with a space) is no heredoc to Docker; what follows is reported as the instructions it turns into.
  if (name === "" || heredoc.getDelimiterRange() !== null) return undefined;
  const from = (heredoc.getContentRange()?.start.line ?? heredoc.getStartRange().end.line + 1) + 1;
  const near = lines.findIndex((text, index) => index + 1 >= from && text.trim() === name);
  const hint = near < 0 ? "" : ` Dockerfile:${near + 1} reads "${lines[near]!.replace(/\r$/, "")}", but the closing `
    + `line must be exactly ${name}, with nothing before or after it (after <<-${name}, leading tabs are allowed).`;
  return {
    line: heredoc.getStartRange().start.line + 1,
    message: `the heredoc <<${name} that this ${keyword} starts is never closed, so everything up to the end of `
      + `the file would become part of it (Docker stops with "unterminated heredoc").${hint}`,
    fix: `End the heredoc with a line that contains only ${name}.`,
  };
}

/** Unknown keywords often come from the line before: a missing \, or a heredoc Docker did not recognise. */
function unknownInstruction(
  instruction: Instruction,
  previous: Instruction | undefined,
  lines: string[],
): SyntaxProblem {
  const line = instruction.getRange().start.line + 1;
  const written = (lines[line - 1] ?? "").trim().split(/\s+/)[0] || instruction.getKeyword();
  const unknown = `"${written}" is not a Dockerfile instruction.`;
  const previousKeyword = previous?.getKeyword().toUpperCase();
  const previousLine = previous ? previous.getRange().start.line + 1 : 0;
  const previousEnd = previous ? previous.getRange().end.line + 1 : 0;
  const spaced = previous ? heredocsOf(previous).find((h) => h.getName() === "") : undefined;
  if (spaced && previous) {
    const start = spaced.getStartRange().start;
    const operator = /^<<-?\s+["']?\w+["']?/.exec((lines[start.line] ?? "").slice(start.character))?.[0];
    const shown = operator ? `"${operator}"` : "<< with a space";
    return {
      line,
      message: `${unknown} It is meant as the body of the heredoc on Dockerfile:${previousLine}, but Docker only `
        + `starts a heredoc when the delimiter follows << directly, so ${shown} is not one `
        + "and the lines after it are read as instructions.",
      fix: `Remove the space: ${operator?.replace(/\s+/, "") ?? "<<EOF"}.`,
    };
  }
  const indented = /^[ \t]/.test(lines[line - 1] ?? "");
  const dangling = previous && /(&&|\|\||\|)\s*$/.test(lines[previousEnd - 1] ?? "");
  const leadingOperator = /^(&&|\|\||\||;)/.test(written);
  if (previousKeyword === "RUN" && previousEnd === line - 1 && (indented || dangling || leadingOperator)) {
    return {
      line,
      message: `${unknown} It looks like it continues the RUN on Dockerfile:${previousLine}, `
        + `but Dockerfile:${previousEnd} does not end with \\, so Docker reads this line as a new instruction.`,
      fix: `End Dockerfile:${previousEnd} with \\ to continue the command on the next line `
        + "(or write the commands as a heredoc: RUN <<EOF ... EOF).",
    };
  }
  const hint = closestWord(written.toUpperCase(), INSTRUCTIONS);
  const fix = hint
    ? `Did you mean ${hint}?`
    : "Every instruction starts with a keyword such as FROM, RUN, COPY or CMD.";
  return { line, message: unknown, fix };
}
