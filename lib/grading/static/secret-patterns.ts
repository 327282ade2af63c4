/** Shows enough to recognise a secret in a finding without repeating it: "sk-p…". */
export function redact(secret: string): string {
  return secret.length <= 4 ? "…" : `${secret.slice(0, 4)}…`;
}

/** `text` with every occurrence of `secret` redacted. */
export function redactIn(text: string, secret: string): string {
  return secret === "" ? text : text.split(secret).join(redact(secret));
}
