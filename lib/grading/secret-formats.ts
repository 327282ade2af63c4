/**
 * What counts as a secret, for every check that looks for one: the static
 * rules (ENV/ARG text), the image checks (file contents, config ENV, build
 * args). One definition, so a Dockerfile line and the image it builds can
 * never disagree. Browser-safe.
 */

export type SecretFormatKind =
  | "aws-access-key-id"
  | "aws-secret-access-key"
  | "github-token"
  | "openai-api-key"
  | "hugging-face-token"
  | "slack-token"
  | "google-api-key"
  | "stripe-secret-key"
  | "private-key-block";

export interface SecretFormat {
  kind: SecretFormatKind;
  /** For a learner: "a GitHub token". */
  name: string;
  /** Global, for scanning whole files; anchored and length-bounded so prose such as "sk-learn" does not match. */
  pattern: RegExp;
  /** Leading characters that identify the format without revealing the secret. */
  keep: number;
}

export const SECRET_FORMATS: readonly SecretFormat[] = [
  { kind: "aws-access-key-id", name: "an AWS access key ID", pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, keep: 4 },
  {
    kind: "aws-secret-access-key",
    name: "an AWS secret access key",
    pattern: /aws_secret_access_key\s*[=:]\s*["']?[A-Za-z0-9/+=]{40}\b/gi,
    keep: 21,
  },
  {
    kind: "github-token",
    name: "a GitHub token",
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{50,})\b/g,
    keep: 4,
  },
  {
    kind: "openai-api-key",
    name: "an OpenAI-style API key",
    pattern: /\bsk-(?:proj-|svcacct-|ant-)?[A-Za-z0-9_-]{20,}/g,
    keep: 3,
  },
  { kind: "hugging-face-token", name: "a Hugging Face token", pattern: /\bhf_[A-Za-z0-9]{30,}\b/g, keep: 3 },
  { kind: "slack-token", name: "a Slack token", pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, keep: 5 },
  { kind: "google-api-key", name: "a Google API key", pattern: /\bAIza[0-9A-Za-z_-]{35}/g, keep: 4 },
  { kind: "stripe-secret-key", name: "a Stripe secret key", pattern: /\b[rs]k_live_[0-9A-Za-z]{20,}/g, keep: 8 },
  {
    kind: "private-key-block",
    name: "a PEM private key",
    pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/g,
    keep: Infinity,
  },
];

const SINGLE = SECRET_FORMATS.map((f) => ({
  format: f,
  test: new RegExp(f.pattern.source, f.pattern.flags.replace("g", "")),
}));

/** The first known secret format in `text`, and the matching text. */
export function findSecretFormat(text: string): { format: SecretFormat; match: string } | undefined {
  for (const { format, test } of SINGLE) {
    const m = test.exec(text);
    if (m) return { format, match: m[0] };
  }
  return undefined;
}

// Word parts (split on _ - . and camelCase) that make a variable name look like it holds a secret.
const SECRET_WORDS = new Set([
  "PASSWORD",
  "PASSWD",
  "PASS",
  "PWD",
  "PASSPHRASE",
  "SECRET",
  "SECRETS",
  "TOKEN",
  "APIKEY",
  "AUTH",
  "CREDENTIALS",
  "CREDENTIAL",
]);
// Adjacent word pairs that do the same: API_KEY, ACCESS_KEY, PRIVATE_KEY, SECRET_KEY... (a bare *_KEY does not:
// official images set GPG_KEY to a public key fingerprint).
const SECRET_PAIRS = new Set([
  "API KEY",
  "ACCESS KEY",
  "PRIVATE KEY",
  "SECRET KEY",
  "AUTH KEY",
  "SIGNING KEY",
  "ENCRYPTION KEY",
  "CLIENT SECRET",
]);
// A name ending like this points at where a secret lives (the Docker secrets pattern), it does not hold one.
const REFERENCE_SUFFIXES = new Set(["FILE", "PATH", "DIR", "ID", "NAME", "URL", "LENGTH", "TTL", "EXPIRY", "HEADER"]);

function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toUpperCase()
    .split(/[_\-.]+/)
    .filter(Boolean);
}

/** "hfApiToken", "DB_PASSWORD", "AWS_SECRET_ACCESS_KEY" yes; "TOKEN_FILE", "GPG_KEY", "PWD" no. */
export function looksLikeSecretName(name: string): boolean {
  // The shell's working directories, not passwords.
  if (/^(OLD)?PWD$/i.test(name)) return false;
  const words = nameWords(name);
  if (words.length === 0 || REFERENCE_SUFFIXES.has(words[words.length - 1]!)) return false;
  if (words.some((w) => SECRET_WORDS.has(w))) return true;
  return words.some((w, i) => i > 0 && SECRET_PAIRS.has(`${words[i - 1]} ${w}`));
}
