import type { SecretKind } from "./image-facts";

/**
 * Places where packages ship their own files: a `.pem` or `credentials` there
 * is a CA bundle or a library's test fixture, not a learner's secret.
 */
const PACKAGE_LOCATIONS = [
  /(^|\/)(site|dist)-packages\//,
  /(^|\/)node_modules\//,
  /^etc\/ssl\//,
  /^usr\/share\/ca-certificates\//,
  /^usr\/lib\/ssl\//,
  /^usr\/(local\/)?lib\/python3[^/]*\/test\//,
];

const TEMPLATE_SUFFIX = /\.(example|sample|template|dist|defaults?)$/i;

/** The kind of secret a file's NAME suggests, or undefined. Contents are judged elsewhere. */
export function secretFileKind(path: string): SecretKind | undefined {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const lower = name.toLowerCase();
  if (TEMPLATE_SUFFIX.test(lower) || PACKAGE_LOCATIONS.some((re) => re.test(path))) return undefined;

  if (isEnvFileName(lower)) return "env-file";
  if (/^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/.test(lower)) return "ssh-private-key-file";
  if (lower === ".netrc" || lower === "_netrc") return "netrc";
  if (lower === ".npmrc") return "npmrc";
  if (lower === ".pypirc") return "pypirc";
  if (lower === ".git-credentials") return "git-credentials";
  if (lower === "kubeconfig" || path.endsWith(".kube/config")) return "kubeconfig";
  if (path.endsWith(".docker/config.json")) return "docker-config";
  if (lower === "credentials" || lower === "credentials.json" || /^service[-_]?account.*\.json$/.test(lower)) {
    return "credentials-file";
  }
  if (/\.(pem|key)$/.test(lower)) return "private-key-file";
  if (/\.(p12|pfx|jks|keystore)$/.test(lower)) return "certificate-bundle-file";
  return undefined;
}

/** `.env`, `.env.local`, `.env.production`: but not `.env.example`, which is meant to be shared. */
export function isEnvFileName(lowerName: string): boolean {
  return lowerName === ".env" || (/^\.env\.[\w.-]+$/.test(lowerName) && !TEMPLATE_SUFFIX.test(lowerName));
}

/**
 * Text files worth reading for secret formats. System trees are left out: they
 * come from packages, hold thousands of files, and a learner's secret lands in
 * the app directory, a home directory or a config file instead.
 */
const SYSTEM_DIRS =
  "usr|lib|lib32|lib64|libx32|bin|sbin|boot|dev|proc|sys|run|var/lib|var/cache|var/log|etc/ssl|etc/alternatives";
const SYSTEM_PREFIXES = new RegExp(`^(${SYSTEM_DIRS})/`);
const TEXT_EXTENSIONS =
  "env|py|txt|json|ya?ml|toml|ini|cfg|conf|sh|bash|properties|xml|ipynb|js|ts|mjs|cjs|r|sql|md|pem|key|tf|tfvars";
/** A text extension, a dotfile such as `.npmrc`, or a name with no extension at all (`credentials`, `Dockerfile`). */
const TEXT_NAME = new RegExp(String.raw`(\.(${TEXT_EXTENSIONS})|^\.[\w.-]+|^[^.]+)$`, "i");

export function isSecretScanCandidate(path: string): boolean {
  if (secretFileKind(path) !== undefined) return true;
  if (SYSTEM_PREFIXES.test(path) || PACKAGE_LOCATIONS.some((re) => re.test(path))) return false;
  const name = path.slice(path.lastIndexOf("/") + 1);
  return TEXT_NAME.test(name);
}
