import type { KeyPath } from "../grading/lib";

export interface ConfigError {
  message: string;
  line?: number;
  keys?: KeyPath;
}

/**
 * Turns `docker compose config`'s stderr into a learner-facing message and,
 * where it says, a line or a key path: "yaml: line 4: …", "validating
 * <file>: services.api Additional property depend_on is not allowed",
 * "error decoding 'services[api].healthcheck.interval': …", "service "api"
 * refers to undefined volume data: invalid compose project". Warnings (such
 * as the obsolete version key, graded by its own check) are dropped, and the
 * grader's temporary folder is taken out of paths.
 */
export function parseConfigError(stderr: string, projectDir: string): ConfigError {
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !/^time="[^"]*" level=(warning|info)/.test(l))
    .map((l) => l.split(`${projectDir}/`).join("").split(projectDir).join("."));
  const message =
    lines
      .filter((l) => !/^decoding failed due to the following error/.test(l))
      .slice(0, 3)
      .join(" ") || "it exited with an error and printed nothing";
  const line = /\bline (\d+)\b/.exec(message)?.[1];
  if (line) return { message, line: Number(line) };
  return { message, keys: keysIn(message) };
}

/** "validating <file>: services.api Additional property depend_on …": the key path, then the unknown key. */
const VALIDATING =
  /validating [^:]+: ((?:services|volumes|networks|secrets|configs)(?:\.[\w.-]+)?)(?: Additional property ([\w.-]+))?/;

function keysIn(message: string): KeyPath | undefined {
  const decoding = /error decoding '([^']+)'/.exec(message)?.[1];
  if (decoding) return toKeys(decoding.replace(/\[([^\]]+)\]/g, ".$1"));
  const validating = VALIDATING.exec(message);
  if (validating) return [...toKeys(validating[1]!), ...(validating[2] ? [validating[2]] : [])];
  const service = /service "([^"]+)"/.exec(message)?.[1];
  return service ? ["services", service] : undefined;
}

function toKeys(dotted: string): KeyPath {
  return dotted
    .split(".")
    .filter(Boolean)
    .map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}
