import { SECRET_FORMATS, type SecretFormatKind } from "../grading/lib";
import type { SecretHit, SecretKind } from "./image-facts";

const FILE_KIND_TEXT: Record<Exclude<SecretKind, SecretFormatKind>, string> = {
  "env-file": "an environment file (.env)",
  "ssh-private-key-file": "an SSH private key",
  "private-key-file": "a private key file",
  "certificate-bundle-file": "a certificate/key bundle (PKCS#12 or keystore)",
  "credentials-file": "a credentials file",
  netrc: "a .netrc with login credentials",
  npmrc: "an .npmrc, which usually holds a registry token",
  pypirc: "a .pypirc, which usually holds a PyPI token",
  "git-credentials": "a .git-credentials file with stored Git passwords",
  kubeconfig: "a Kubernetes config with cluster credentials",
  "docker-config": "a Docker config.json, which can hold registry logins",
};

export function describeSecretKind(kind: SecretKind): string {
  return (
    SECRET_FORMATS.find((f) => f.kind === kind)?.name ?? FILE_KIND_TEXT[kind as Exclude<SecretKind, SecretFormatKind>]
  );
}

/** "an SSH private key (…), a GitHub token at line 3 (ghp_…(40 chars))": hits of one file, deduplicated. */
export function describeHits(hits: SecretHit[]): string {
  const parts = hits.map(
    (hit) => `${describeSecretKind(hit.kind)}${hit.line ? ` at line ${hit.line}` : ""} (${hit.preview})`,
  );
  return [...new Set(parts)].join("; ");
}
