import dockerignore from "@balena/dockerignore";

interface ContextFile {
  path: string;
  content: string;
}

/**
 * What `docker build` sends to the engine: the docker CLI, not the engine,
 * drops the files .dockerignore matches, so the grader has to do the same or
 * a learner's .dockerignore would have no effect. Dockerfile and .dockerignore
 * always go along (the engine needs them), as with the CLI.
 */
export function applyDockerignore(files: ContextFile[]): ContextFile[] {
  const source = files.find((f) => f.path === ".dockerignore")?.content;
  if (!source) return files;
  const patterns = source
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  const ignore = dockerignore({ ignorecase: false }).add(patterns);
  return files.filter((f) => f.path === "Dockerfile" || f.path === ".dockerignore" || !ignore.ignores(f.path));
}
