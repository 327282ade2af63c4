import { isIgnored, parseDockerignore } from "../grading/lib";

interface ContextFile {
  path: string;
  content: string;
}

/**
 * What `docker build` sends to the engine: the docker CLI, not the engine,
 * drops the files .dockerignore matches, so the grader has to do the same or
 * a learner's .dockerignore would have no effect. The matcher is the static
 * checks' own, so what they predict about the context is what gets built.
 * Dockerfile and .dockerignore always go along (the engine needs them), as with the CLI.
 */
export function applyDockerignore(files: ContextFile[]): ContextFile[] {
  const source = files.find((f) => f.path === ".dockerignore")?.content;
  if (!source) return files;
  const ignore = parseDockerignore(source);
  return files.filter((f) => f.path === "Dockerfile" || f.path === ".dockerignore" || !isIgnored(ignore, f.path));
}
