import { DockerfileParser } from "dockerfile-ast";
import { AppError } from "../errors/app-error";

const INSTRUCTIONS = [
  "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
  "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
];

/**
 * Catches the Dockerfile mistakes that would make `docker build` fail before
 * running anything, so the learner gets a line number and a hint immediately
 * instead of waiting for a runner. Runs on the server and in the runner.
 */
export function checkDockerfileSyntax(source: string, file = "Dockerfile"): void {
  if (source.trim() === "") {
    throw new AppError("INVALID_DOCKERFILE", `${file} is empty. Start it with a FROM line naming the base image, e.g. "FROM python:3.11-slim".`, { file });
  }
  const dockerfile = DockerfileParser.parse(source);
  const instructions = dockerfile.getInstructions();
  if (instructions.length === 0) {
    throw new AppError("INVALID_DOCKERFILE", `${file} has no instructions, only comments. Start it with a FROM line.`, { file });
  }
  for (const instruction of instructions) {
    const keyword = instruction.getKeyword().toUpperCase();
    const line = instruction.getRange().start.line + 1;
    if (!INSTRUCTIONS.includes(keyword)) {
      const hint = closest(keyword);
      throw new AppError(
        "INVALID_DOCKERFILE",
        `${file}:${line}: "${instruction.getKeyword()}" is not a Dockerfile instruction.${hint ? ` Did you mean ${hint}?` : ""}`,
        { file, line },
      );
    }
    if (keyword !== "ONBUILD" && instruction.getArguments().length === 0 && keyword !== "HEALTHCHECK") {
      throw new AppError("INVALID_DOCKERFILE", `${file}:${line}: ${keyword} needs arguments.`, { file, line });
    }
  }
  const first = instructions.find((i) => i.getKeyword().toUpperCase() !== "ARG");
  if (first && first.getKeyword().toUpperCase() !== "FROM") {
    const line = first.getRange().start.line + 1;
    throw new AppError(
      "INVALID_DOCKERFILE",
      `${file}:${line}: the first instruction must be FROM (only ARG may come before it); found ${first.getKeyword().toUpperCase()}.`,
      { file, line },
    );
  }
}

function closest(word: string): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of INSTRUCTIONS) {
    const distance = editDistance(word, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= 2 ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
