import { findSecretFormat, SECRET_FORMATS } from "../grading/lib";
import type { SecretHit, SecretKind } from "./image-facts";

/** Known secret formats inside a text file; each hit keeps only a redacted preview. */
export function scanSecretContent(path: string, text: string): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const format of SECRET_FORMATS) {
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
  return findSecretFormat(text)?.format.kind;
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
