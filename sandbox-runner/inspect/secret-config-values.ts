import { buildArgsOf } from "./clean-created-by";
import { describeSecretKind } from "./describe-secret";
import type { ImageFacts } from "./image-facts";
import { containsSecretFormat, redact } from "./scan-secret-content";
import { isSecretVariableName } from "./secret-variable-name";

export interface SecretValue {
  source: "ENV" | "ARG";
  name: string;
  /** Redacted: the first characters and the length. */
  preview: string;
  reason: string;
}

/**
 * ENV values that look like secrets and were set by the learner (a value the
 * base image already had is the base's business). Config ENV is visible to
 * anyone with the image through `docker inspect`.
 */
export function secretEnvVars(facts: ImageFacts): SecretValue[] {
  const found: SecretValue[] = [];
  for (const [name, value] of Object.entries(facts.config.env)) {
    if (value === "" || facts.base?.config.env[name] === value) continue;
    const reason = whySecret(name, value);
    if (reason) found.push({ source: "ENV", name, preview: redact(value, 4), reason });
  }
  return found;
}

/**
 * Build args with values, as the classic builder stores them in the history
 * of every RUN that could see them (`docker history` shows them), plus ARG
 * defaults recorded by `ARG NAME=value`.
 */
export function secretBuildArgs(facts: ImageFacts): SecretValue[] {
  const found = new Map<string, SecretValue>();
  for (const entry of facts.history.filter((h) => !h.isBase)) {
    const args = { ...buildArgsOf(entry.rawCreatedBy), ...argDefault(entry.createdBy) };
    for (const [name, value] of Object.entries(args)) {
      const reason = value === "" ? undefined : whySecret(name, value);
      if (reason && !found.has(name)) found.set(name, { source: "ARG", name, preview: redact(value, 4), reason });
    }
  }
  return [...found.values()];
}

function argDefault(createdBy: string): Record<string, string> {
  const match = /^ARG\s+([A-Za-z_][A-Za-z0-9_]*)=(\S*)/.exec(createdBy);
  return match ? { [match[1]!]: match[2]!.replace(/^["']|["']$/g, "") } : {};
}

function whySecret(name: string, value: string): string | undefined {
  const format = containsSecretFormat(value);
  if (format) return `its value looks like ${describeSecretKind(format)}`;
  if (isSecretVariableName(name)) return "its name says it holds a secret";
  return undefined;
}
