import { findSecretFormat } from "../secret-formats";

export { looksLikeSecretName } from "../secret-formats";

/** The first known secret format found in `text`: which kind, and the matching text. */
export function findSecretValue(text: string): { kind: string; match: string } | undefined {
  const found = findSecretFormat(text);
  return found && { kind: found.format.name, match: found.match };
}

/** Shows enough to recognise a secret in a finding without repeating it: "sk-p…". */
export function redact(secret: string): string {
  return secret.length <= 4 ? "…" : `${secret.slice(0, 4)}…`;
}

/** `text` with every occurrence of `secret` redacted. */
export function redactIn(text: string, secret: string): string {
  return secret === "" ? text : text.split(secret).join(redact(secret));
}
