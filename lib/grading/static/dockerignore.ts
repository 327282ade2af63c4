import ignore, { type Ignore } from "@balena/dockerignore";
import { normalizePath } from "./context-path";

/** A parsed .dockerignore: later rules win, "!" re-includes, a matched directory covers its content. */
export type Dockerignore = Ignore;

/**
 * Parses with @balena/dockerignore, a port of Docker's own matcher, so the
 * static checks and the grader's build context agree with `docker build`.
 */
export function parseDockerignore(content: string): Dockerignore {
  const rules = ignore({ ignorecase: false });
  for (const line of content.split(/\r?\n/)) {
    const rule = ignore({ ignorecase: false }).add(line);
    // Docker refuses to build with a malformed pattern such as "[z-a]"; here such a line simply
    // matches nothing, so the learner still gets the other findings. Matching compiles the rule.
    try {
      rule.ignores("probe");
    } catch {
      continue;
    }
    rules.add(rule);
  }
  return rules;
}

/** Whether the build context leaves `path` out ("data" hides data/train.csv). */
export function isIgnored(rules: Dockerignore | undefined, path: string): boolean {
  const cleaned = normalizePath(path);
  return rules !== undefined && cleaned !== "" && rules.ignores(cleaned);
}
