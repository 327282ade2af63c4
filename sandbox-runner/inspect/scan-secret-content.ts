import type { SecretHit, SecretKind } from "./image-facts";

interface SecretFormat {
  kind: SecretKind;
  pattern: RegExp;
  /** How many leading characters identify the format without revealing the secret. */
  keep: number;
}

// Anchored on word boundaries and minimum lengths so prose such as "sk-learn" does not match.
const FORMATS: SecretFormat[] = [
  { kind: "aws-access-key-id", pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, keep: 4 },
  { kind: "aws-secret-access-key", pattern: /aws_secret_access_key\s*[=:]\s*["']?[A-Za-z0-9/+=]{40}\b/gi, keep: 21 },
  { kind: "github-token", pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{50,})\b/g, keep: 4 },
  { kind: "openai-api-key", pattern: /\bsk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{20,}/g, keep: 3 },
  { kind: "hugging-face-token", pattern: /\bhf_[A-Za-z0-9]{30,}\b/g, keep: 3 },
  { kind: "slack-token", pattern: /\bxox[bpoas]-[A-Za-z0-9-]{10,}/g, keep: 5 },
  { kind: "private-key-block", pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/g, keep: Infinity },
];

/** Known secret formats inside a text file; each hit keeps only a redacted preview. */
export function scanSecretContent(path: string, text: string): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const format of FORMATS) {
    for (const match of text.matchAll(format.pattern)) {
      hits.push({
        path,
        kind: format.kind,
        by: "content",
        // A PEM header names the key type and is not secret; everything else is cut short.
        preview: format.keep === Infinity ? match[0] : redact(match[0], format.keep),
        line: lineOf(text, match.index),
      });
    }
  }
  return hits;
}

export function redact(secret: string, keep: number): string {
  return `${secret.slice(0, Math.min(keep, Math.floor(secret.length / 2)))}…(${secret.length} chars)`;
}

/** Whether a text holds any known secret format: for ENV values and build args. */
export function containsSecretFormat(text: string): SecretKind | undefined {
  return FORMATS.find((f) => new RegExp(f.pattern.source, f.pattern.flags.replace("g", "")).test(text))?.kind;
}

/** The variable names an .env-style file defines, never their values. */
export function definedNames(text: string): string[] {
  const names = [...text.matchAll(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/gm)].map((m) => m[1]!);
  return [...new Set(names)];
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
