// Word parts (split on _ - .) that make a variable name look like it holds a secret.
const SECRET_WORDS = new Set(["PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "SECRETS", "TOKEN", "APIKEY", "CREDENTIALS", "CREDENTIAL"]);
// Adjacent word pairs that do the same: API_KEY, ACCESS_KEY, PRIVATE_KEY, SECRET_KEY...
const SECRET_PAIRS = new Set(["API KEY", "ACCESS KEY", "PRIVATE KEY", "SECRET KEY", "AUTH KEY", "SIGNING KEY", "ENCRYPTION KEY", "CLIENT SECRET"]);
// A name ending like this points at where a secret lives (the Docker secrets pattern), it does not hold one.
const REFERENCE_SUFFIXES = new Set(["FILE", "PATH", "DIR", "ID", "NAME", "URL", "LENGTH", "TTL", "EXPIRY", "HEADER"]);

/** Splits on _ - . and camelCase, upper-cased: "hfApiToken" → ["HF", "API", "TOKEN"]. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toUpperCase()
    .split(/[_\-.]+/)
    .filter(Boolean);
}

export function looksLikeSecretName(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0 || REFERENCE_SUFFIXES.has(words[words.length - 1]!)) return false;
  if (words.some((w) => SECRET_WORDS.has(w))) return true;
  return words.some((w, i) => i > 0 && SECRET_PAIRS.has(`${words[i - 1]} ${w}`));
}

const SECRET_FORMATS: { name: string; regex: RegExp }[] = [
  { name: "an AWS access key id", regex: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: "a GitHub token", regex: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})/ },
  { name: "an OpenAI-style API key", regex: /\bsk-(?:proj-|svcacct-|ant-)?[A-Za-z0-9_-]{20,}/ },
  { name: "a Hugging Face token", regex: /\bhf_[A-Za-z0-9]{30,}/ },
  { name: "a Slack token", regex: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { name: "a Google API key", regex: /\bAIza[0-9A-Za-z_-]{35}/ },
  { name: "a Stripe secret key", regex: /\b[rs]k_live_[0-9A-Za-z]{20,}/ },
  { name: "a private key", regex: /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----/ },
];

/** The first known secret format found in `text`: which kind, and the matching text. */
export function findSecretValue(text: string): { kind: string; match: string } | undefined {
  for (const { name, regex } of SECRET_FORMATS) {
    const m = regex.exec(text);
    if (m) return { kind: name, match: m[0] };
  }
  return undefined;
}

/** Shows enough to recognise a secret in a finding without repeating it: "sk-p…". */
export function redact(secret: string): string {
  return secret.length <= 4 ? "…" : `${secret.slice(0, 4)}…`;
}

/** `text` with every occurrence of `secret` redacted. */
export function redactIn(text: string, secret: string): string {
  return secret === "" ? text : text.split(secret).join(redact(secret));
}
