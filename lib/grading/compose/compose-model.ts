/** A key path into the compose document, e.g. ["services", "api", "ports", 0]. */
export type KeyPath = (string | number)[];

/** The parts of a compose service the rules read, pulled out of untyped YAML data defensively. */
export interface ComposeService {
  name: string;
  image?: string;
  /** Where the image is built from; undefined when the service has no build: key. */
  build?: { context: string; dockerfile?: string; inline: boolean; key: KeyPath };
  environment: { name: string; value: string | undefined; key: KeyPath }[];
  envFiles: { path: string; key: KeyPath }[];
  dependsOn: { name: string; condition?: string; key: KeyPath }[];
  healthcheck?: { disabled: boolean };
  ports: { text: string; key: KeyPath }[];
  volumes: {
    source?: string;
    target?: string;
    type: "volume" | "bind" | "tmpfs" | "anonymous";
    /** Mounted read-only (`:ro` in the short syntax, read_only: true in the long one). */
    readOnly: boolean;
    key: KeyPath;
  }[];
  /** How it asks for GPUs: the gpus: key, or deploy device reservations with the gpu capability. */
  gpuRequests: { via: "gpus" | "deploy"; key: KeyPath }[];
  /** runtime: (nvidia-docker2's `runtime: nvidia`), if set. */
  runtime?: { name: string; key: KeyPath };
  /** shm_size as written, with its size in bytes when it is a size Compose accepts. */
  shmSize?: { text: string; bytes: number | undefined; key: KeyPath };
  /** Names of networks, secrets and configs the service refers to. */
  networks: { name: string; key: KeyPath }[];
  secrets: { name: string; key: KeyPath }[];
  configs: { name: string; key: KeyPath }[];
}

/** The names a file declares at its top level. */
export interface ComposeDeclarations {
  volumes: Set<string>;
  networks: Set<string>;
  secrets: Set<string>;
  configs: Set<string>;
}

const record = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function composeServices(data: unknown): ComposeService[] {
  return Object.entries(record(record(data).services)).map(([name, raw]) => {
    const s = record(raw);
    const base = ["services", name];
    return {
      name,
      image: typeof s.image === "string" ? s.image : undefined,
      build: buildOf(s.build, [...base, "build"]),
      environment: environmentOf(s.environment, [...base, "environment"]),
      envFiles: envFilesOf(s.env_file, [...base, "env_file"]),
      dependsOn: dependsOnOf(s.depends_on, [...base, "depends_on"]),
      healthcheck:
        s.healthcheck === undefined
          ? undefined
          : { disabled: record(s.healthcheck).disable === true || list(record(s.healthcheck).test)[0] === "NONE" },
      ports: list(s.ports).map((p, i) => ({
        text: typeof p === "object" ? JSON.stringify(p) : String(p),
        key: [...base, "ports", i],
      })),
      volumes: list(s.volumes).map((v, i) => volumeOf(v, [...base, "volumes", i])),
      networks: namesOf(s.networks, [...base, "networks"]),
      secrets: namesOf(s.secrets, [...base, "secrets"]),
      configs: namesOf(s.configs, [...base, "configs"]),
      gpuRequests: gpuRequestsOf(s, base),
      runtime: typeof s.runtime === "string" ? { name: s.runtime, key: [...base, "runtime"] } : undefined,
      shmSize:
        s.shm_size === undefined || s.shm_size === null
          ? undefined
          : { text: String(s.shm_size), bytes: composeBytes(s.shm_size), key: [...base, "shm_size"] },
    };
  });
}

export function composeDeclarations(data: unknown): ComposeDeclarations {
  const top = record(data);
  const keys = (section: string) => new Set(Object.keys(record(top[section])));
  return { volumes: keys("volumes"), networks: keys("networks"), secrets: keys("secrets"), configs: keys("configs") };
}

function buildOf(build: unknown, key: KeyPath): ComposeService["build"] {
  if (build === undefined || build === null) return undefined;
  if (typeof build === "string") return { context: build, inline: false, key };
  const b = record(build);
  return {
    context: typeof b.context === "string" ? b.context : ".",
    dockerfile: typeof b.dockerfile === "string" ? b.dockerfile : undefined,
    inline: b.dockerfile_inline !== undefined,
    key,
  };
}

function environmentOf(env: unknown, key: KeyPath): ComposeService["environment"] {
  if (Array.isArray(env)) {
    return env.map((entry, i) => {
      const [name, ...rest] = String(entry).split("=");
      return { name: name!, value: rest.length ? rest.join("=") : undefined, key: [...key, i] };
    });
  }
  return Object.entries(record(env)).map(([name, value]) => ({
    name,
    value: value === null || value === undefined ? undefined : String(value),
    key: [...key, name],
  }));
}

function envFilesOf(envFile: unknown, key: KeyPath): ComposeService["envFiles"] {
  if (typeof envFile === "string") return [{ path: envFile, key }];
  return list(envFile).flatMap((entry, i) => {
    const path = typeof entry === "string" ? entry : record(entry).path;
    return typeof path === "string" ? [{ path, key: [...key, i] }] : [];
  });
}

function dependsOnOf(deps: unknown, key: KeyPath): ComposeService["dependsOn"] {
  if (Array.isArray(deps)) return deps.map((name, i) => ({ name: String(name), key: [...key, i] }));
  return Object.entries(record(deps)).map(([name, value]) => ({
    name,
    condition: record(value).condition as string | undefined,
    key: [...key, name],
  }));
}

/** networks/secrets/configs: a list of names (or of { source: name }), or a map keyed by name. */
function namesOf(value: unknown, key: KeyPath): { name: string; key: KeyPath }[] {
  if (Array.isArray(value)) {
    return value.flatMap((entry, i) => {
      const name = typeof entry === "string" ? entry : record(entry).source;
      return typeof name === "string" ? [{ name, key: [...key, i] }] : [];
    });
  }
  return Object.keys(record(value)).map((name) => ({ name, key: [...key, name] }));
}

function volumeOf(v: unknown, key: KeyPath): ComposeService["volumes"][number] {
  if (typeof v === "string") {
    const [source, target, mode] = v.split(":");
    if (target === undefined) return { target: source, type: "anonymous", readOnly: false, key };
    const bind = /^[./~]/.test(source!) || source!.startsWith("/") || source!.includes("$");
    const readOnly = (mode ?? "").split(",").includes("ro");
    return { source, target, type: bind ? "bind" : "volume", readOnly, key };
  }
  const r = record(v);
  const type = r.type === "bind" || r.type === "tmpfs" ? r.type : r.source ? "volume" : "anonymous";
  return {
    source: r.source as string | undefined,
    target: r.target as string | undefined,
    type,
    readOnly: r.read_only === true,
    key,
  };
}

/** `gpus: all` (or a list), and every deploy device reservation whose capabilities include gpu. */
function gpuRequestsOf(s: Record<string, unknown>, base: KeyPath): ComposeService["gpuRequests"] {
  const requests: ComposeService["gpuRequests"] = [];
  if (s.gpus !== undefined && s.gpus !== null) requests.push({ via: "gpus", key: [...base, "gpus"] });
  const devicesKey = [...base, "deploy", "resources", "reservations", "devices"];
  list(record(record(record(s.deploy).resources).reservations).devices).forEach((device, i) => {
    const capabilities = list(record(device).capabilities).flat();
    if (capabilities.includes("gpu")) requests.push({ via: "deploy", key: [...devicesKey, i] });
  });
  return requests;
}

const SIZE_UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** A Compose byte size: a number of bytes, or digits with b, k, m, g (optionally followed by b), e.g. "2gb". */
export function composeBytes(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([bkmg])?b?\s*$/i.exec(String(value));
  if (!match) return undefined;
  const bytes = Number(match[1]) * SIZE_UNITS[(match[2] ?? "b").toLowerCase()]!;
  return Number.isSafeInteger(Math.round(bytes)) ? Math.round(bytes) : undefined;
}
