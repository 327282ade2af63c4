import { RequestError } from "../errors/request-error";
import { closestWord } from "./closest-word";
import { type FlagProblem, flagProblem } from "./instruction-flags";
import {
  type DockerfileModel,
  type DockerInstruction,
  type HeredocBody,
  DOCKERFILE_INSTRUCTIONS as INSTRUCTIONS,
  parseDockerfile,
} from "./model";

/** One reason the Dockerfile frontend would refuse the file, at a 1-based line. */
export type SyntaxProblem = FlagProblem;

/**
 * Catches the Dockerfile mistakes that would make `docker build` fail before
 * running anything, so the learner gets a line number and a hint immediately
 * instead of waiting for a runner. Runs on the server and in the runner. Knows
 * the BuildKit syntax of the frontend graders build with, Dockerfile 1.7
 * (heredocs, RUN --mount, COPY --link...), and the later additions it lacks.
 */
export function checkDockerfileSyntax(dockerfile: string | DockerfileModel, file = "Dockerfile"): void {
  const model = typeof dockerfile === "string" ? parseDockerfile(dockerfile) : dockerfile;
  if (model.source.trim() === "") {
    const message = `${file} is empty. Start it with a FROM line naming the base image, e.g. "FROM python:3.11-slim".`;
    throw new RequestError("INVALID_DOCKERFILE", message, { file });
  }
  const problem = findSyntaxProblem(model);
  if (problem === "no instructions") {
    const message = `${file} has no instructions, only comments. Start it with a FROM line.`;
    throw new RequestError("INVALID_DOCKERFILE", message, { file });
  }
  if (problem) {
    // The fix is part of the message because callers show the message alone; details carry it separately too.
    throw new RequestError("INVALID_DOCKERFILE", `${file}:${problem.line}: ${problem.message} ${problem.fix}`, {
      file,
      line: problem.line,
      fix: problem.fix,
      ...(problem.lesson ? { lesson: problem.lesson } : {}),
    });
  }
}

/** The first problem in file order, or undefined when the frontend would accept the file. */
export function findSyntaxProblem(dockerfile: string | DockerfileModel): SyntaxProblem | "no instructions" | undefined {
  const model = typeof dockerfile === "string" ? parseDockerfile(dockerfile) : dockerfile;
  const lines = model.source.split("\n");
  const { instructions, syntax } = model;
  if (instructions.length === 0) return "no instructions";
  for (const [k, instruction] of instructions.entries()) {
    const problem = instructionProblem(instruction, instructions[k - 1], lines, syntax);
    if (problem) return problem;
  }
  const first = instructions.find((i) => i.keyword !== "ARG");
  if (first && first.keyword !== "FROM") {
    return {
      line: first.line,
      message: `the first instruction must be FROM (only ARG may come before it); found ${first.keyword}.`,
      fix: "Start the Dockerfile with the base image, e.g. FROM python:3.11-slim.",
    };
  }
  return undefined;
}

function instructionProblem(
  instruction: DockerInstruction,
  previous: DockerInstruction | undefined,
  lines: string[],
  syntax: string | undefined,
): SyntaxProblem | undefined {
  const { keyword, line } = instruction;
  if (!INSTRUCTIONS.includes(keyword)) return unknownInstruction(instruction, previous, lines);
  for (const heredoc of instruction.heredocs) {
    const problem = heredocProblem(heredoc, keyword, lines);
    if (problem) return problem;
  }
  // Messages quote a flag by the name as written.
  const flags = instruction.flags.map((f) => ({ ...f, name: f.written }));
  const flagged = flagProblem(flags, { keyword, syntax, args: instruction.words });
  if (flagged) return flagged;
  if (keyword !== "ONBUILD" && keyword !== "HEALTHCHECK" && instruction.words.length === 0) {
    const fix = `Write what ${keyword} should act on after the keyword, or delete the line.`;
    return { line, message: `${keyword} needs arguments.`, fix };
  }
  return undefined;
}

/** A heredoc the frontend cannot find the end of swallows the rest of the file, so it has to be reported here. */
function heredocProblem(heredoc: HeredocBody, keyword: string, lines: string[]): SyntaxProblem | undefined {
  const { name } = heredoc;
  if (heredoc.terminated) return undefined;
  const near = lines.findIndex((text, index) => index + 1 >= heredoc.line && text.trim() === name);
  const hint =
    near < 0
      ? ""
      : ` Dockerfile:${near + 1} reads "${lines[near]!.replace(/\r$/, "")}", but the closing ` +
        `line must be exactly ${name}, with nothing before or after it (after <<-${name}, leading tabs are allowed).`;
  return {
    line: heredoc.operatorLine,
    message:
      `the heredoc <<${name} that this ${keyword} starts is never closed, so everything up to the end of ` +
      `the file would become part of it (Docker stops with "unterminated heredoc").${hint}`,
    fix: `End the heredoc with a line that contains only ${name}.`,
  };
}

/** Unknown keywords often come from the line before: a missing \, or a heredoc Docker did not recognise. */
function unknownInstruction(
  instruction: DockerInstruction,
  previous: DockerInstruction | undefined,
  lines: string[],
): SyntaxProblem {
  const { line } = instruction;
  const written = (lines[line - 1] ?? "").trim().split(/\s+/)[0] || instruction.keyword;
  const unknown = `"${written}" is not a Dockerfile instruction.`;
  const previousKeyword = previous?.keyword;
  const previousLine = previous?.line ?? 0;
  const previousEnd = previous?.endLine ?? 0;
  // "<< EOF" (with a space) is no heredoc to Docker, so the body after it is read as instructions.
  const spaced = previous?.spacedHeredocs[0];
  if (spaced) {
    const operator = /^<<-?\s+["']?\w+["']?/.exec(spaced.rest)?.[0];
    const shown = operator ? `"${operator}"` : "<< with a space";
    return {
      line,
      message:
        `${unknown} It is meant as the body of the heredoc on Dockerfile:${previousLine}, but Docker only ` +
        `starts a heredoc when the delimiter follows << directly, so ${shown} is not one ` +
        "and the lines after it are read as instructions.",
      fix: `Remove the space: ${operator?.replace(/\s+/, "") ?? "<<EOF"}.`,
    };
  }
  const indented = /^[ \t]/.test(lines[line - 1] ?? "");
  const dangling = previous && /(&&|\|\||\|)\s*$/.test(lines[previousEnd - 1] ?? "");
  const leadingOperator = /^(&&|\|\||\||;)/.test(written);
  if (previousKeyword === "RUN" && previousEnd === line - 1 && (indented || dangling || leadingOperator)) {
    return {
      line,
      message:
        `${unknown} It looks like it continues the RUN on Dockerfile:${previousLine}, ` +
        `but Dockerfile:${previousEnd} does not end with \\, so Docker reads this line as a new instruction.`,
      fix:
        `End Dockerfile:${previousEnd} with \\ to continue the command on the next line ` +
        "(or write the commands as a heredoc: RUN <<EOF ... EOF).",
    };
  }
  const hint = closestWord(written.toUpperCase(), INSTRUCTIONS);
  const fix = hint
    ? `Did you mean ${hint}?`
    : "Every instruction starts with a keyword such as FROM, RUN, COPY or CMD.";
  return { line, message: unknown, fix };
}
